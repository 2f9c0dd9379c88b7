import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A port nobody listens on right now (on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningNginx {
  stop(): Promise<void>;
  /** Response headers (lower-case names) of a GET with this Host and Origin. */
  get(host: string, urlPath: string, origin: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }>;
}

/**
 * Serves a configuration folder with real nginx, from a temporary copy (the
 * prefix), in the foreground so it is stopped by its own PID.
 */
export async function serveNginx(nginx: string, configFolder: string, port: number): Promise<RunningNginx> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-preflight-serve-'));
  fs.cpSync(configFolder, prefix, { recursive: true });
  fs.mkdirSync(path.join(prefix, 'temp'), { recursive: true });
  const child: ChildProcess = spawn(nginx, ['-p', prefix + '/', '-c', 'nginx.conf', '-e', path.join(prefix, 'error.log'), '-g', `daemon off; pid ${path.join(prefix, 'nginx.pid')};`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const cleanup = () => fs.rmSync(prefix, { recursive: true, force: true });
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      await exited;
      const log = fs.existsSync(path.join(prefix, 'error.log')) ? fs.readFileSync(path.join(prefix, 'error.log'), 'utf8') : '';
      cleanup();
      throw new Error(`nginx did not start on port ${port}: ${stderr}${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
      cleanup();
    },
    get: (host, urlPath, origin) =>
      new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers: { Host: host, Origin: origin }, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        });
        req.on('error', reject);
        req.setTimeout(5_000, () => req.destroy(new Error(`no answer from nginx for ${host}${urlPath}`)));
      }),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
