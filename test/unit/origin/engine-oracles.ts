import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RegexMode } from '../../../server/src/model/origin-matcher';

/**
 * Runs patterns through the real engines installed on this machine (Python's
 * `re`, PCRE via `grep -P`, `java.util.regex`) so the analysis can be checked
 * against them. Each returns undefined when its engine is missing.
 */

export interface OracleCase {
  pattern: string;
  mode: RegexMode;
  ignoreCase: boolean;
  input: string;
}

/** matched, and the groups (whole match first; an unset group is ''), or an error string. */
export type OracleAnswer = { matched: boolean; captures: string[] } | { error: string };

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

const PYTHON = `
import json, re, sys
out = []
for c in json.load(sys.stdin):
    try:
        r = re.compile(c['pattern'], re.I if c['ignoreCase'] else 0)
        f = {'search': r.search, 'match': r.match, 'fullmatch': r.fullmatch}[c['mode']]
        m = f(c['input'])
        out.append({'matched': m is not None, 'captures': [g or '' for g in ([m.group(0)] + list(m.groups()))] if m else []})
    except Exception as e:
        out.append({'error': str(e)})
print(json.dumps(out))
`;

export function runPython(cases: OracleCase[]): OracleAnswer[] | undefined {
  if (!has('python3')) return undefined;
  const r = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as OracleAnswer[];
}

const RUBY = `
require 'json'
out = JSON.parse($stdin.read).map do |c|
  begin
    r = Regexp.new(c['pattern'], c['ignoreCase'] ? Regexp::IGNORECASE : 0)
    m = r.match(c['input'])
    { 'matched' => !m.nil?, 'captures' => m ? m.to_a.map { |g| g || '' } : [] }
  rescue RegexpError, ArgumentError => e
    { 'error' => e.message }
  end
end
print JSON.generate(out)
`;

/** Ruby's Onigmo, searching as `=~` does (the mode of each case is ignored). */
export function runRuby(cases: OracleCase[]): OracleAnswer[] | undefined {
  if (!has('ruby')) return undefined;
  const r = spawnSync('ruby', ['-e', RUBY], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`ruby failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as OracleAnswer[];
}

const GO = `package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type kase struct {
	Pattern    string \`json:"pattern"\`
	IgnoreCase bool   \`json:"ignoreCase"\`
	Input      string \`json:"input"\`
}

func main() {
	var cases []kase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := []map[string]interface{}{}
	for _, c := range cases {
		p := c.Pattern
		if c.IgnoreCase {
			p = "(?i)" + p
		}
		r, err := regexp.Compile(p)
		if err != nil {
			out = append(out, map[string]interface{}{"error": err.Error()})
			continue
		}
		m := r.FindStringSubmatch(c.Input)
		caps := []string{}
		if m != nil {
			caps = m
		}
		out = append(out, map[string]interface{}{"matched": m != nil, "captures": caps})
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
`;

/** Go's regexp (RE2), searching as MatchString does (the mode of each case is ignored). */
export function runGo(cases: OracleCase[]): OracleAnswer[] | undefined {
  if (!has('go')) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'origin-oracle-go-'));
  try {
    const file = path.join(dir, 'oracle.go');
    fs.writeFileSync(file, GO);
    const env = { ...process.env, GOCACHE: path.join(dir, 'cache'), GOPATH: path.join(dir, 'gopath'), GO111MODULE: 'off', GOFLAGS: '' };
    const r = spawnSync('go', ['run', file], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 180_000, env });
    if (r.status !== 0) throw new Error(`go failed (${r.status ?? r.signal}): ${r.stderr}`);
    return JSON.parse(r.stdout) as OracleAnswer[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** PCRE as grep links it: a search per line, so inputs must not hold newlines. */
export function runPcre(pattern: string, ignoreCase: boolean, inputs: string[]): boolean[] | { error: string } | undefined {
  if (!has('grep') || spawnSync('grep', ['-P', 'x'], { input: 'x\n' }).status !== 0) return undefined;
  const args = ['-P', '-n', ...(ignoreCase ? ['-i'] : []), '-e', pattern];
  const r = spawnSync('grep', args, { input: inputs.join('\n') + '\n', encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30_000 });
  if (r.status === 2) return { error: r.stderr };
  const hit = new Set(r.stdout.split('\n').filter(Boolean).map((l) => Number(l.slice(0, l.indexOf(':'))) - 1));
  return inputs.map((_, i) => hit.has(i));
}

/** Fields travel base64-encoded, one case per line, so no escaping can go wrong. */
const JAVA = `
import java.util.regex.*;
import java.io.*;
import java.util.*;
import java.nio.charset.StandardCharsets;
public class Oracle {
  static String dec(String s) { return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8); }
  static String enc(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }
  public static void main(String[] a) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    StringBuilder out = new StringBuilder();
    while ((line = in.readLine()) != null) {
      String[] f = line.split(" ", -1);
      String pattern = dec(f[0]); String mode = f[1]; boolean ci = f[2].equals("1"); String input = dec(f[3]);
      try {
        Matcher m = Pattern.compile(pattern, ci ? Pattern.CASE_INSENSITIVE : 0).matcher(input);
        boolean ok = mode.equals("fullmatch") ? m.matches() : mode.equals("match") ? m.lookingAt() : m.find();
        out.append(ok ? "1" : "0");
        if (ok) for (int g = 0; g <= m.groupCount(); g++) out.append(" ").append(enc(m.group(g) == null ? "" : m.group(g)));
      } catch (Exception e) { out.append("E ").append(enc(String.valueOf(e.getMessage()))); }
      out.append("\\n");
    }
    System.out.print(out);
  }
}
`;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

export function runJava(cases: OracleCase[]): OracleAnswer[] | undefined {
  if (!has('java')) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'origin-oracle-'));
  try {
    const file = path.join(dir, 'Oracle.java');
    fs.writeFileSync(file, JAVA);
    const input = cases.map((c) => [b64(c.pattern), c.mode, c.ignoreCase ? '1' : '0', b64(c.input)].join(' ')).join('\n') + '\n';
    const r = spawnSync('java', [file], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
    if (r.status !== 0) throw new Error(`java failed: ${r.stderr}`);
    return r.stdout.split('\n').slice(0, cases.length).map((line) => {
      const [flag, ...rest] = line.split(' ');
      if (flag === 'E') return { error: unb64(rest[0] ?? '') };
      return { matched: flag === '1', captures: rest.map(unb64) };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
