import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { median, type BenchModule, type Measure } from './bench';
import { generateCodeRepository } from './generate-code';

const FILES = 5000;
const RUNS = 3;
const MEMORY_TARGET_MB = 500;
const repo = path.join(__dirname, '..');

interface Run {
  ms: number;
  peakMb: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A node process with the peak-RSS probe preloaded; wall time from spawn to exit. */
function runNode(args: string[]): Promise<Run> {
  const rssFile = path.join(os.tmpdir(), `cors-preflight-rss-${process.pid}-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', path.join(__dirname, 'peak-rss-probe.cjs'), ...args], { cwd: repo, env: { ...process.env, CORS_PREFLIGHT_BENCH_RSS_FILE: rssFile } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let peakMb: number | undefined;
      try {
        peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
        fs.rmSync(rssFile);
      } catch {
        peakMb = undefined;
      }
      resolve({ ms, peakMb, code, stdout, stderr });
    });
  });
}

/**
 * A generated repository of 5,000 files in every language with an extractor
 * (`code-languages.ts`), one in ten configuring CORS: the built CLI's `check` against
 * a process that only parses the same files with the same parser, both bundled
 * and started the same way, in the same run.
 */
export const codeCheck: BenchModule = {
  name: 'code-5000-files',
  async run(log) {
    if (!fs.existsSync(path.join(repo, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first (`npm run bench` does)');
    const generated = generateCodeRepository(path.join(__dirname, '.generated/code-5000'), FILES);
    log(`generated ${generated.files} files (${generated.corsFiles} with CORS, ${(generated.bytes / 1e6).toFixed(1)} MB) in ${path.relative(repo, generated.folder)}`);
    for (const l of generated.byLanguage) log(`  ${l.id}: ${l.files} files, ${l.corsFiles} with CORS, ${l.reflecting} reflecting`);
    const parser = path.join(__dirname, '.generated/parse-code-files.js');
    buildSync({ entryPoints: [path.join(__dirname, 'parse-code-files.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: parser, logLevel: 'error', external: ['vscode'] });

    const folder = path.relative(repo, generated.folder);
    const checkArgs = [path.join(repo, 'bin/cors-preflight.js'), 'check', folder, '--format', 'json'];
    await runNode(checkArgs);
    await runNode([parser, generated.folder]);
    const checkMs: number[] = [];
    const parseMs: number[] = [];
    const peaks: number[] = [];
    let last: Run | undefined;
    for (let i = 0; i < RUNS; i++) {
      const parsed = await runNode([parser, generated.folder]);
      if (parsed.code !== 0) throw new Error(`the parse-only run failed:\n${parsed.stderr}`);
      parseMs.push(parsed.ms);
      last = await runNode(checkArgs);
      if (last.code !== 0 && last.code !== 1) throw new Error(`cors-preflight check exited ${last.code}:\n${last.stderr}`);
      checkMs.push(last.ms);
      if (last.peakMb !== undefined) peaks.push(last.peakMb);
    }
    log(`parse-only runs (ms): ${parseMs.map((m) => m.toFixed(0)).join(' ')}`);
    log(`check runs (ms): ${checkMs.map((m) => m.toFixed(0)).join(' ')}`);
    log(`check peak RSS per run (MB): ${peaks.map((m) => m.toFixed(0)).join(' ')}`);

    const report = JSON.parse(last!.stdout) as { findings: { rule: string; file: string }[] };
    const reflected = new Set(report.findings.filter((f) => f.rule === 'reflected-origin').map((f) => path.resolve(repo, f.file)));
    const missed = generated.reflecting.filter((f) => !reflected.has(f));
    if (missed.length) log(`reflected-origin missed in ${missed.slice(0, 3).map((f) => path.relative(repo, f)).join(', ')}`);
    const expected = new Set(generated.reflecting);
    const extra = [...reflected].filter((f) => !expected.has(f));
    if (extra.length) log(`reflected-origin where none was planted: ${extra.slice(0, 3).map((f) => path.relative(repo, f)).join(', ')}`);
    const wall = median(checkMs) / 1000;
    const reference = median(parseMs) / 1000;
    const peak = peaks.length ? median(peaks) : NaN;
    const measures: Measure[] = [
      { name: 'check wall time (median)', value: wall, unit: 's', reference, target: 'ratio ≤ 2.0 vs parsing alone', pass: wall <= 2 * reference },
      { name: 'check peak RSS (median of runs)', value: Math.round(peak), unit: 'MB', target: `< ${MEMORY_TARGET_MB} MB`, pass: peak < MEMORY_TARGET_MB },
      { name: 'reflected-origin findings', value: reflected.size, unit: '', target: `one per reflecting set-up (${generated.reflecting.length})`, pass: missed.length === 0 && reflected.size === generated.reflecting.length },
    ];
    return measures;
  },
};
