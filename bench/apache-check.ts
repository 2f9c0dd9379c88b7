import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, type BenchModule, type Measure } from './bench';
import { apacheBinary, prepareApache, startApache } from '../test/oracle/support/apache-runner';
import { probe } from '../test/oracle/support/http-probe';
import { phaseBreakdown } from './phase-breakdown';

const VHOSTS = 1000;
const RUNS = 5;
const repo = path.join(__dirname, '..');
const SAMPLED = [0, Math.floor(VHOSTS / 2), VHOSTS - 1];

/**
 * 1,000 virtual hosts, each with an anchored SetEnvIf allowlist, `Header
 * always` CORS headers and `Vary`, a `<Directory>` with `AllowOverride` and a
 * `<FilesMatch>` (what a .htaccess would hold), and a `<Location /legacy>`
 * that answers `*` with credentials: one `credentials-with-wildcard-origin`
 * finding per host.
 */
function generate(folder: string): { lines: number } {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(path.join(folder, 'htdocs/legacy'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'htdocs/index.json'), '{}\n');
  fs.writeFileSync(path.join(folder, 'htdocs/legacy/data.json'), '{}\n');
  const out: string[] = [];
  for (let i = 0; i < VHOSTS; i++) {
    out.push(
      '<VirtualHost 127.0.0.1:@PORT@>',
      `    ServerName h${i}.example.com`,
      '    DocumentRoot @ROOT@/htdocs',
      '    <Directory @ROOT@/htdocs>',
      '        Require all granted',
      '        AllowOverride FileInfo',
      '        <FilesMatch "\\.json$">',
      '            Header always set Access-Control-Expose-Headers "ETag"',
      '        </FilesMatch>',
      '    </Directory>',
      `    SetEnvIf Origin "^https://(app${i}\\.example\\.com|admin${i}\\.example\\.com)$" CORS_ORIGIN=$0`,
      '    Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN',
      '    Header always set Access-Control-Allow-Credentials "true" env=CORS_ORIGIN',
      '    Header always set Access-Control-Allow-Methods "GET, POST, PUT" env=CORS_ORIGIN',
      '    Header always merge Vary Origin',
      '    <Location /legacy>',
      '        Header always set Access-Control-Allow-Origin "*"',
      '        Header always set Access-Control-Allow-Credentials "true"',
      '    </Location>',
      '</VirtualHost>',
    );
  }
  fs.writeFileSync(path.join(folder, 'site.conf'), out.join('\n') + '\n');
  return { lines: out.length };
}

function timed(command: string, args: string[]): Promise<{ ms: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: repo });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr }));
  });
}

/** Real Apache serves the configuration: sampled hosts send `*` with credentials under /legacy. */
async function confirmWithApache(fixture: string): Promise<{ count: number; detail: string }> {
  const apache = await startApache({ fixtureDir: fixture });
  try {
    let count = 0;
    const notes: string[] = [];
    for (const i of SAMPLED) {
      const r = await probe({ port: apache.port, method: 'GET', path: '/legacy/data.json', headers: { Host: `h${i}.example.com`, Origin: 'https://evil.example' } });
      const get = (n: string): string | undefined => r.headers.find(([k]) => k.toLowerCase() === n)?.[1];
      if (get('access-control-allow-origin') === '*' && get('access-control-allow-credentials') === 'true') count++;
      notes.push(`h${i} ${r.status} ACAO ${get('access-control-allow-origin') ?? 'absent'} ACAC ${get('access-control-allow-credentials') ?? 'absent'}`);
    }
    return { count, detail: notes.join('; ') };
  } finally {
    await apache.stop();
  }
}

export const apacheLargeConfig: BenchModule = {
  name: 'apache-1000-vhosts',
  async run(log) {
    const bin = apacheBinary();
    if (!fs.existsSync(path.join(repo, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first (`npm run bench` does)');
    const fixture = path.join(__dirname, '.generated/apache-1000');
    const { lines } = generate(fixture);
    log(`generated ${lines} lines in ${path.relative(repo, fixture)}/site.conf`);
    const confirmed = await confirmWithApache(fixture);
    log(`real Apache: ${confirmed.detail}`);

    // One instance folder for both tools: apache2 -t and the CLI read the very same files.
    const { dir, confPath } = prepareApache({ fixtureDir: fixture }, 8080);
    try {
      const first = spawnSync(bin, ['-t', '-f', confPath], { encoding: 'utf8' });
      if (first.status !== 0) throw new Error(`apache2 -t rejects the generated configuration:\n${first.stderr}`);
      const cliArgs = [path.join(repo, 'bin/cors-preflight.js'), 'check', confPath, '--format', 'json', '--severity', 'error'];
      await timed(process.execPath, cliArgs); // warm the file cache
      const apacheMs: number[] = [];
      const cliMs: number[] = [];
      let last: Awaited<ReturnType<typeof timed>> | undefined;
      for (let i = 0; i < RUNS; i++) {
        apacheMs.push((await timed(bin, ['-t', '-f', confPath])).ms);
        last = await timed(process.execPath, cliArgs);
        if (last.code !== 0 && last.code !== 1) throw new Error(`cors-preflight check exited ${last.code}:\n${last.stderr}`);
        cliMs.push(last.ms);
      }
      log(`apache2 -t runs (ms): ${apacheMs.map((m) => m.toFixed(0)).join(' ')}`);
      log(`check runs (ms): ${cliMs.map((m) => m.toFixed(0)).join(' ')}`);
      for (const line of phaseBreakdown([confPath], 3)) log(line);
      const report = JSON.parse(last!.stdout) as { findings: { rule: string }[] };
      const wildcard = report.findings.filter((f) => f.rule === 'credentials-with-wildcard-origin').length;
      const wall = median(cliMs) / 1000;
      const reference = median(apacheMs) / 1000;
      const measures: Measure[] = [
        { name: 'check wall time (median)', value: wall, unit: 's', reference, target: 'ratio ≤ 1.0 vs apache2 -t', pass: wall <= reference },
        { name: '* with credentials confirmed by real Apache (sampled hosts)', value: confirmed.count, unit: '', target: `all ${SAMPLED.length}`, pass: confirmed.count === SAMPLED.length },
        { name: 'credentials-with-wildcard-origin findings', value: wildcard, unit: '', target: `one per host (${VHOSTS})`, pass: wildcard === VHOSTS },
      ];
      return measures;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Runs this benchmark alone: `node -r tsx/cjs bench/apache-check.ts`. */
if (require.main === module) {
  apacheLargeConfig.run((line) => console.log(line)).then((ms) => console.log(JSON.stringify(ms, null, 2)));
}
