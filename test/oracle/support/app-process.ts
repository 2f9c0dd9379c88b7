import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

/** A free loopback port: bind to 0, read it, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  port: number;
  stop(): Promise<void>;
}

export interface AppCommand {
  command: string;
  /** The arguments, given the port the app must listen on. */
  args(port: number): string[];
  /** Named in errors. */
  label: string;
  cwd?: string;
  /** What the app prints (on either stream) once it accepts connections; `listening` unless given. */
  ready?: RegExp;
}

/**
 * Starts an app server (PORT and HOST in its environment) and waits until it
 * prints `listening`. A start-up failure rejects with what the app printed.
 */
export async function startAppProcess(app: AppCommand, timeoutMs = 20_000): Promise<RunningApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(app, timeoutMs);
    } catch (error) {
      // Another process may take the port between our probe and the app's listen.
      if (attempt >= 3 || !/EADDRINUSE|Address already in use/.test(String((error as Error).message))) throw error;
    }
  }
}

async function startOnce(app: AppCommand, timeoutMs: number): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(app.command, app.args(port), { cwd: app.cwd, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app.label} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if ((app.ready ?? /listening/).test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => onData(chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${app.label}: cannot run ${app.command}: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app.label} exited with ${code} before listening:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
