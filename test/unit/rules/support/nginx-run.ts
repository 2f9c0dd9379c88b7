import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../../oracle/support/nginx-runner';
import { nginxBinary } from './nginx-binary';

export interface RunningFixture {
  port: number;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/**
 * Serves a server-snippet fixture with real nginx on a free loopback port: its
 * `listen` and `root` are pointed at a throw-away folder where every path the
 * fixtures use holds a small file.
 */
export async function serveFixture(text: string, files: readonly string[]): Promise<RunningFixture> {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-fixed-run-'));
  // Workers run as an unprivileged user: the served files must be readable by it.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const www = path.join(dir, 'www');
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(www, f)), { recursive: true });
    fs.writeFileSync(path.join(www, f), 'ok\n', { mode: 0o644 });
  }
  const conf = text.replace(/listen 127\.0\.0\.1:\d+;/g, `listen 127.0.0.1:${port};`).replace(/root \/srv\/www;/g, `root ${www};`);
  fs.writeFileSync(path.join(dir, 'site.conf'), conf);
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${path.join(dir, t)};`).join(' ');
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `events {}\nhttp {\n    access_log off; ${temps}\n    include ${path.join(dir, 'site.conf')};\n}\n`);
  const child = spawn(bin, ['-p', `${dir}/`, '-c', 'nginx.conf', '-e', path.join(dir, 'error.log'), '-g', `pid ${path.join(dir, 'nginx.pid')}; daemon off;`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (await accepts(port)) return { port, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
  await stop();
  throw new Error(`nginx did not start: ${log}`);
}
