import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CorsPolicy, ResponseBranch } from '../../../server/src/model/cors-policy';
import { isCorsHeader, predict, type Prediction, type SimRequest, type UpstreamReply } from '../../../server/src/model/predict';
import { probe } from './http-probe';
import { locationOf, routeByPort } from './nginx-routing';

export const ALLOWED_ORIGIN = 'https://app.example.com';
export const ATTACKER_ORIGIN = 'https://evil.example.net';
/** The credentials the auth fixtures' password files accept. */
export const BASIC_AUTH = `Basic ${Buffer.from('oracle:oracle').toString('base64')}`;

export interface MatrixCase {
  name: string;
  method: string;
  uri: string;
  origin?: string;
  headers: Record<string, string>;
}

export interface Disagreement {
  policy: string;
  request: string;
  predicted: string;
  actual: string;
}

/**
 * Where to send requests for a policy, or undefined when no request from outside
 * can reach it. A regex location names its sample file in a comment on the line
 * above it: `# oracle-uri: /fonts/present.woff2` (the file is created, and a
 * `missing` twice of it is requested too).
 */
export function targetOf(policy: CorsPolicy, readText?: (file: string) => string): { base: string; exact: boolean } | undefined {
  const loc = locationOf(policy);
  if (!loc) return { base: '/', exact: false };
  if (loc.modifier === '~' || loc.modifier === '~*') {
    const lines = readText?.(policy.at.file).split('\n') ?? [];
    const sample = /#\s*oracle-uri:\s*(\S+)/.exec(lines[policy.at.range.start.line - 1] ?? '')?.[1];
    return sample ? { base: sample, exact: true } : undefined;
  }
  if (loc.path.startsWith('@')) return undefined;
  if (loc.modifier === '=') return { base: loc.path, exact: true };
  return { base: loc.path.endsWith('/') ? loc.path : `${loc.path}/`, exact: false };
}

/** Makes the `present.txt` each prefix path's requests find (the fixtures serve from the default root, `html`). */
export function createStaticFiles(dir: string, policies: readonly CorsPolicy[], readText: (file: string) => string): void {
  for (const p of policies) {
    const t = targetOf(p, readText);
    if (!t) continue;
    if (t.exact) {
      // A sample named `present...` for a regex location is a file that exists.
      if (path.basename(t.base).startsWith('present')) {
        fs.mkdirSync(path.join(dir, 'html', path.dirname(t.base)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'html', t.base), 'present\n');
      }
      continue;
    }
    const folder = path.join(dir, 'html', t.base);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'present.txt'), 'present\n');
  }
}

export function matrixFor(policy: CorsPolicy, extraOrigins: readonly string[], readText?: (file: string) => string): MatrixCase[] {
  const t = targetOf(policy, readText);
  if (!t) return [];
  const present = t.exact ? t.base : `${t.base}present.txt`;
  const sampleName = path.basename(t.base);
  const missing = !t.exact ? `${t.base}missing.txt` : sampleName.startsWith('present') ? path.posix.join(path.posix.dirname(t.base), sampleName.replace(/^present/, 'missing')) : undefined;
  const origins: Array<string | undefined> = [ALLOWED_ORIGIN, ATTACKER_ORIGIN, 'null', undefined, ...extraOrigins];
  const cases: MatrixCase[] = [];
  const add = (name: string, method: string, uri: string, origin: string | undefined, headers: Record<string, string> = {}) =>
    cases.push({ name, method, uri, origin, headers });
  for (const o of origins) add('GET', 'GET', present, o);
  add('GET with cookie', 'GET', present, ALLOWED_ORIGIN, { Cookie: 'session=1' });
  add('GET with basic auth', 'GET', present, ALLOWED_ORIGIN, { Authorization: BASIC_AUTH });
  add('HEAD', 'HEAD', present, ALLOWED_ORIGIN);
  for (const o of [ALLOWED_ORIGIN, ATTACKER_ORIGIN]) add('POST with cookie', 'POST', present, o, { Cookie: 'session=1', 'Content-Type': 'application/json' });
  add('DELETE', 'DELETE', present, ALLOWED_ORIGIN);
  const preflight = { 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type, authorization' };
  for (const o of [ALLOWED_ORIGIN, ATTACKER_ORIGIN, 'null', ...extraOrigins]) add('preflight', 'OPTIONS', present, o, preflight);
  add('OPTIONS without Origin', 'OPTIONS', present, undefined);
  if (missing) {
    for (const o of [ALLOWED_ORIGIN, ATTACKER_ORIGIN]) add('GET missing file', 'GET', missing, o);
    add('preflight to missing file', 'OPTIONS', missing, ALLOWED_ORIGIN, preflight);
    add('POST to missing file', 'POST', missing, ALLOWED_ORIGIN, { 'Content-Type': 'application/json' });
  }
  return cases;
}

export function simRequest(c: MatrixCase, staticFileExists: boolean): SimRequest {
  const keys = Object.keys(c.headers).map((k) => k.toLowerCase());
  return { method: c.method, origin: c.origin, headers: c.headers, credentials: keys.includes('cookie') || keys.includes('authorization'), staticFileExists };
}

/** The CORS header lines, names lower-cased, grouped by name with each name's lines in order. */
export function corsLines(headers: ReadonlyArray<[string, string]>): string[] {
  const lines = headers.filter(([n]) => isCorsHeader(n)).map(([n, v]) => `${n.toLowerCase()}: ${v}`);
  const order = [...new Set(lines.map((l) => l.slice(0, l.indexOf(':'))))].sort();
  return order.flatMap((name) => lines.filter((l) => l.slice(0, l.indexOf(':')) === name));
}

/**
 * Prediction of what the upstream of a proxied branch sends, when the upstream
 * is a server of the same configuration: its own policy, for the same request.
 */
export function upstreamFromConfig(policies: readonly CorsPolicy[], readText: (file: string) => string, dir: string, uri: string): (b: ResponseBranch, req: SimRequest) => UpstreamReply | undefined {
  return (branch, req) => {
    const at = branch.passesUpstreamHeaders?.at;
    if (!at) return undefined;
    const text = readText(at.file).slice(at.range.start.offset, at.range.end.offset);
    const m = /^proxy_pass\s+http:\/\/127\.0\.0\.1:(\d+)\s*;$/.exec(text.trim());
    if (!m) return undefined;
    // An error page's internal request goes to the page's URI; everything else keeps the client's.
    const path = req.uri ?? uri;
    const target = routeByPort(policies, Number(m[1]), path);
    if (!target) return undefined;
    const p = predict(target, { ...req, uri: undefined, staticFileExists: fileExists(dir, path) }, { upstream: upstreamFromConfig(policies, readText, dir, path) });
    return typeof p.status === 'number' ? { status: p.status, headers: p.headers } : undefined;
  };
}

export function fileExists(dir: string, uri: string): boolean {
  try {
    return fs.statSync(path.join(dir, 'html', uri)).isFile();
  } catch {
    return false;
  }
}

export async function runCase(policy: CorsPolicy, c: MatrixCase, port: number, host: string, predictWith: (req: SimRequest) => Prediction, dir: string): Promise<Disagreement | undefined> {
  const prediction = predictWith(simRequest(c, fileExists(dir, c.uri)));
  const headers: Record<string, string> = { Host: host, ...c.headers };
  if (c.origin !== undefined) headers.Origin = c.origin;
  const actual = await probe({ port, method: c.method, path: c.uri, headers });
  const want = `${prediction.status} ${JSON.stringify(corsLines(prediction.headers))}`;
  const got = `${actual.status} ${JSON.stringify(corsLines(actual.headers))}`;
  if (want === got) return undefined;
  const unknown = prediction.unknown.length ? ` (unknown: ${prediction.unknown.join('; ')})` : '';
  return { policy: policy.label, request: `${c.method} ${c.uri} ${c.name} origin=${c.origin ?? '(none)'}`, predicted: want + unknown, actual: got };
}
