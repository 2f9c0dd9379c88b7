import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Runs real nginx on 127.0.0.1 for a fixture: the fixture folder is copied into
 * a fresh temporary folder, `@PORT_X@` placeholders in its `.conf` files become
 * free ports, and nginx runs with that folder as its prefix. Fixtures name
 * their pid file, logs and temporary folders relative to the prefix
 * (`pid nginx.pid;`, `proxy_temp_path tmp/proxy;`...), so all stay inside it.
 */

export interface PreparedNginx {
  dir: string;
  /** The main configuration file, inside `dir`. */
  conf: string;
  /** Placeholder name (`A` for `@PORT_A@`) → the port it became. */
  ports: Record<string, number>;
}

export interface RunningNginx extends PreparedNginx {
  pid: number;
  stop(): Promise<void>;
}

/** The nginx binary, or an error that says how to get it: oracle tests never skip. */
export function nginxBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  if (found.status !== 0 || !bin) {
    throw new Error('nginx is not installed, so the nginx oracle tests cannot run: install it with scripts/install-test-deps.sh (Debian package nginx-light)');
  }
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Copies the fixture and fills in ports; nginx is not started yet, so the test can read the exact files nginx will. */
export async function prepareNginx(fixtureDir: string, mainFile = 'nginx.conf'): Promise<PreparedNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-oracle-nginx-'));
  copyTree(fixtureDir, dir);
  const ports: Record<string, number> = {};
  const confFiles = filesUnder(dir).filter((f) => f.endsWith('.conf'));
  for (const f of confFiles) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/@PORT_([A-Z0-9]+)@/g)) {
      if (!(m[1] in ports)) ports[m[1]] = await freePort();
    }
  }
  for (const f of confFiles) {
    const text = fs.readFileSync(f, 'utf8').replace(/@PORT_([A-Z0-9]+)@/g, (_, k: string) => String(ports[k]));
    fs.writeFileSync(f, text);
  }
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'html'), { recursive: true });
  return { dir, conf: path.join(dir, mainFile), ports };
}

function nginxArgs(prepared: PreparedNginx): string[] {
  return ['-p', prepared.dir + '/', '-c', path.relative(prepared.dir, prepared.conf), '-e', path.join(prepared.dir, 'error.log'), '-g', 'daemon off;'];
}

/** Worker processes run as an unprivileged user: they must be able to read the prefix folder. */
function openUp(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) openUp(p);
    else fs.chmodSync(p, 0o644);
  }
}

function waitForPort(port: number, child: ChildProcess, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited with code ${child.exitCode} before listening`));
      const sock = net.connect({ host: '127.0.0.1', port }, () => {
        sock.destroy();
        resolve();
      });
      sock.on('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on 127.0.0.1:${port} within the time limit`));
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

/** `nginx -t`, then nginx in the foreground; resolves once every placeholder port accepts connections. */
export async function startNginx(prepared: PreparedNginx): Promise<RunningNginx> {
  const bin = nginxBinary();
  openUp(prepared.dir);
  const check = spawnSync(bin, ['-t', ...nginxArgs(prepared)], { encoding: 'utf8' });
  if (check.status !== 0) {
    throw new Error(`nginx -t rejects ${prepared.conf}:\n${check.stderr}${readLog(prepared)}`);
  }
  const child = spawn(bin, nginxArgs(prepared), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const deadline = Date.now() + 10_000;
  try {
    for (const port of Object.values(prepared.ports)) await waitForPort(port, child, deadline);
  } catch (err) {
    if (child.pid && child.exitCode === null) child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}${readLog(prepared)}`);
  }
  const pid = child.pid!;
  return {
    ...prepared,
    pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        process.kill(pid, 'SIGTERM');
      }),
  };
}

function readLog(prepared: PreparedNginx): string {
  try {
    return fs.readFileSync(path.join(prepared.dir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}

export function removePrepared(prepared: PreparedNginx): void {
  fs.rmSync(prepared.dir, { recursive: true, force: true });
}
