import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Starts real Apache httpd on 127.0.0.1 with a self-contained configuration in
 * a temporary folder (ServerRoot, runtime folder, PidFile and logs all inside),
 * as ORACLES.md describes. A missing apache2 is an error, never a skip.
 */

export const MODULE_DIR = '/usr/lib/apache2/modules';
export const DEFAULT_MODULES = ['mpm_event', 'authz_core', 'authn_core', 'authn_file', 'auth_basic', 'authz_user', 'headers', 'rewrite', 'setenvif', 'mime', 'env'];

export function apacheBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v apache2'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('apache2 is not installed, so the Apache oracle cannot run: apt-get install -y --no-install-recommends apache2');
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ApacheInstance {
  dir: string;
  port: number;
  /** The generated top-level configuration (what the analysis reads too). */
  confPath: string;
  pid: number;
  stop(): Promise<void>;
}

export interface ApacheSite {
  /** A folder whose files are copied into the instance folder, `@ROOT@` and `@PORT@` replaced in text files. */
  fixtureDir: string;
  /** The site file inside `fixtureDir`, included by the generated httpd.conf. */
  siteFile?: string;
  modules?: string[];
}

function copyTree(from: string, to: string, replace: (text: string) => string): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copyTree(src, dst, replace);
    else fs.writeFileSync(dst, replace(fs.readFileSync(src, 'utf8')), { mode: 0o644 });
  }
}

export function httpdConf(dir: string, port: number, modules: string[], siteFile: string): string {
  return [
    `ServerRoot ${dir}`,
    `DefaultRuntimeDir ${dir}/run`,
    `PidFile ${dir}/run/httpd.pid`,
    `ErrorLog ${dir}/error.log`,
    'LogLevel warn',
    ...modules.map((m) => `LoadModule ${m}_module ${MODULE_DIR}/mod_${m}.so`),
    ...(modules.includes('mime') ? ['TypesConfig /etc/mime.types'] : []),
    'User nobody',
    'Group nogroup',
    `Listen 127.0.0.1:${port}`,
    'ServerName localhost',
    `Include ${siteFile}`,
    '',
  ].join('\n');
}

/** Writes the instance folder without starting anything (also what `apache2 -t` checks). */
export function prepareApache(site: ApacheSite, port: number): { dir: string; confPath: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-oracle-'));
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'run'), { mode: 0o755 });
  copyTree(site.fixtureDir, path.join(dir, 'site'), (t) => t.replaceAll('@ROOT@', path.join(dir, 'site')).replaceAll('@PORT@', String(port)));
  const confPath = path.join(dir, 'httpd.conf');
  fs.writeFileSync(confPath, httpdConf(dir, port, site.modules ?? DEFAULT_MODULES, path.join(dir, 'site', site.siteFile ?? 'site.conf')));
  return { dir, confPath };
}

export function checkConfig(confPath: string): { ok: boolean; output: string } {
  const r = spawnSync(apacheBinary(), ['-t', '-f', confPath], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

async function waitFor(test: () => boolean | Promise<boolean>, ms: number, what: string, child: ChildProcess, log: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`apache2 exited with ${child.exitCode} before ${what}: ${log()}`);
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`apache2: timed out waiting for ${what}: ${log()}`);
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

export async function startApache(site: ApacheSite): Promise<ApacheInstance> {
  const bin = apacheBinary();
  const port = await freePort();
  const { dir, confPath } = prepareApache(site, port);
  const check = checkConfig(confPath);
  if (!check.ok) throw new Error(`apache2 -t rejects ${confPath}: ${check.output}`);
  let stderr = '';
  const child = spawn(bin, ['-f', confPath, '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const log = (): string => {
    const file = path.join(dir, 'error.log');
    return `${stderr}${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''}`.trim();
  };
  const pidFile = path.join(dir, 'run', 'httpd.pid');
  await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', 10000, 'its PidFile', child, log);
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  await waitFor(() => connects(port), 10000, `port ${port}`, child, log);
  const stop = async (): Promise<void> => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    const end = Date.now() + 10000;
    while (Date.now() < end) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(pid, 'SIGKILL');
  };
  return { dir, port, confPath, pid, stop };
}
