import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, type BenchModule, type Measure } from './bench';
import { generateNginxConfig } from './generate-nginx';
import { findNginx, NGINX_MISSING, nginxTest } from './nginx-check';
import { freePort, serveNginx } from './nginx-serve';
import { phaseBreakdown } from './phase-breakdown';

const SERVERS = 2000;
const RUNS = 5;
const MEMORY_TARGET_MB = 300;
const repo = path.join(__dirname, '..');

const SAMPLED_SERVERS = [0, Math.floor(SERVERS / 2), SERVERS - 1];

/**
 * The expected findings come from nginx, not from our model: served for real,
 * a sampled server sends its CORS header on a 404 under `/static/` (inherited,
 * `always`) and none under `/downloads/` (dropped by that location's own
 * add_header).
 */
async function confirmDropWithNginx(nginx: string, folder: string, port: number): Promise<{ count: number; detail: string }> {
  const server = await serveNginx(nginx, folder, port);
  try {
    let count = 0;
    const notes: string[] = [];
    for (const i of SAMPLED_SERVERS) {
      const host = `s${i}.example.com`;
      const kept = await server.get(host, '/static/x', 'https://app.example.com');
      const dropped = await server.get(host, '/downloads/x', 'https://app.example.com');
      const ok = kept.headers['access-control-allow-origin'] !== undefined && dropped.headers['access-control-allow-origin'] === undefined;
      if (ok) count++;
      notes.push(`${host} /static/ ${kept.status} ACAO ${kept.headers['access-control-allow-origin'] ?? 'absent'}, /downloads/ ${dropped.status} ACAO ${dropped.headers['access-control-allow-origin'] ?? 'absent'}`);
    }
    return { count, detail: notes.join('; ') };
  } finally {
    await server.stop();
  }
}

interface CliRun {
  ms: number;
  peakMb: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in a child process; its peak RSS comes from a preloaded probe that reports at exit. */
function runCli(args: string[]): Promise<CliRun> {
  const rssFile = path.join(os.tmpdir(), `cors-preflight-rss-${process.pid}-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', path.join(__dirname, 'peak-rss-probe.cjs'), path.join(repo, 'bin/cors-preflight.js'), ...args], {
      cwd: repo,
      env: { ...process.env, CORS_PREFLIGHT_BENCH_RSS_FILE: rssFile },
    });
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
 * 40,000 lines of nginx configuration (2,000 servers): the whole CLI `check`
 * against real `nginx -t` on the same file, its peak memory, and whether it
 * finds each of the 2,000 locations that drop the server's CORS headers.
 */
export const nginxLargeConfig: BenchModule = {
  name: 'nginx-2000-servers',
  async run(log) {
    const nginx = findNginx();
    if (!nginx) throw new Error(NGINX_MISSING);
    if (!fs.existsSync(path.join(repo, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first (`npm run bench` does)');
    const generated = generateNginxConfig(path.join(__dirname, '.generated/nginx-2000'), SERVERS, await freePort());
    log(`generated ${generated.lines} lines in ${path.relative(repo, generated.file)}`);
    const confirmed = await confirmDropWithNginx(nginx, generated.folder, generated.port);
    log(`real nginx: ${confirmed.detail}`);

    const first = nginxTest(generated.folder, 'nginx.conf', nginx);
    if (!first.ok) throw new Error(`nginx -t rejects the generated configuration:\n${first.output}`);

    const relFile = path.relative(repo, generated.file);
    const args = ['check', relFile, '--format', 'json', '--severity', 'error'];
    const nginxMs: number[] = [];
    const cliMs: number[] = [];
    const peaks: number[] = [];
    let last: CliRun | undefined;
    await runCli(args); // warm the file cache like nginx's first run did
    for (let i = 0; i < RUNS; i++) {
      nginxMs.push(nginxTest(generated.folder, 'nginx.conf', nginx).ms);
      last = await runCli(args);
      if (last.code !== 0 && last.code !== 1) throw new Error(`cors-preflight check exited ${last.code}:\n${last.stderr}`);
      cliMs.push(last.ms);
      if (last.peakMb !== undefined) peaks.push(last.peakMb);
    }
    log(`nginx -t runs (ms): ${nginxMs.map((m) => m.toFixed(0)).join(' ')}`);
    log(`check runs (ms): ${cliMs.map((m) => m.toFixed(0)).join(' ')}`);
    log(`check peak RSS per run (MB): ${peaks.map((m) => m.toFixed(0)).join(' ')}`);
    for (const line of phaseBreakdown([generated.file], 3)) log(line);

    const report = JSON.parse(last!.stdout) as { findings: { rule: string; file: string; line: number }[] };
    const inheritance = report.findings.filter((f) => f.rule === 'add-header-inheritance');
    const foundLines = new Set(inheritance.map((f) => f.line));
    const missed = generated.droppingLines.filter((l) => !foundLines.has(l));
    const extra = inheritance.length - generated.droppingLines.length + missed.length;
    if (missed.length) log(`add-header-inheritance missed at lines ${missed.slice(0, 5).join(', ')}${missed.length > 5 ? ', …' : ''}`);
    if (extra) log(`add-header-inheritance reported ${extra} finding(s) beyond the expected ones`);
    const other = new Map<string, number>();
    for (const f of report.findings) if (f.rule !== 'add-header-inheritance') other.set(f.rule, (other.get(f.rule) ?? 0) + 1);
    if (other.size) log(`other findings: ${[...other].map(([r, n]) => `${r} ${n}`).join(', ')}`);

    const wall = median(cliMs) / 1000;
    const reference = median(nginxMs) / 1000;
    // Each run's peak varies with when the collector runs: the median is the figure, every run is logged.
    const peak = peaks.length ? median(peaks) : NaN;
    const measures: Measure[] = [
      { name: 'check wall time (median)', value: wall, unit: 's', reference, target: 'ratio ≤ 1.0 vs nginx -t', pass: wall <= reference },
      { name: 'check peak RSS (median of runs)', value: Math.round(peak), unit: 'MB', target: `< ${MEMORY_TARGET_MB} MB`, pass: peak < MEMORY_TARGET_MB },
      {
        name: 'drops confirmed by real nginx (sampled servers)',
        value: confirmed.count,
        unit: '',
        target: `all ${SAMPLED_SERVERS.length}`,
        pass: confirmed.count === SAMPLED_SERVERS.length,
      },
      {
        name: 'add-header-inheritance findings',
        value: inheritance.length,
        unit: '',
        target: `one per server (${SERVERS}) at its dropping add_header`,
        pass: missed.length === 0 && inheritance.length === SERVERS,
      },
    ];
    return measures;
  },
};
