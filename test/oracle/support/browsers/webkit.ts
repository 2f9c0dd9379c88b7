import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { requireBinary, tempHome } from './temp-home';

export const MINIBROWSER_BINARY = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB_BINARY = '/usr/bin/Xvfb';

export interface WebKitRun {
  /** Console lines the page wrote, as MiniBrowser printed them. */
  lines: string[];
  version: string;
}

/** Stops a process we started and every process it spawned (they share its process group). */
function stopGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Xvfb on a display it picks itself; resolves with the display number once it accepts clients. */
function startXvfb(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; display: string }> {
  requireBinary(XVFB_BINARY, 'Xvfb', 'xvfb xauth');
  const child = spawn(XVFB_BINARY, ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true, env });
  return new Promise((resolve, reject) => {
    let text = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stopGroup(child);
      reject(new Error(`Xvfb did not report a display within 10 s: ${stderr}`));
    }, 10_000);
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => {
      text += b.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, display: `:${text.trim()}` });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with code ${code}: ${stderr}`));
    });
  });
}

function webkitVersion(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(MINIBROWSER_BINARY, ['--version'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out.trim() || 'unknown');
    });
  });
}

/**
 * Opens `url` in WebKitGTK's MiniBrowser under Xvfb (it has no headless mode)
 * and collects console lines until one equals `doneMarker`. Time-boxed: a
 * page that never finishes fails the run with the lines seen so far.
 */
export async function runInWebKit(url: string, doneMarker: string, timeoutMs: number): Promise<WebKitRun> {
  const binary = requireBinary(MINIBROWSER_BINARY, 'WebKitGTK MiniBrowser', 'libwebkit2gtk-4.1-0 webkit2gtk-driver');
  const home = tempHome('webkit');
  const env = { ...home.env, WEBKIT_DISABLE_COMPOSITING_MODE: '1', LIBGL_ALWAYS_SOFTWARE: '1', NO_AT_BRIDGE: '1' };
  let xvfb: ChildProcess | undefined;
  let browser: ChildProcess | undefined;
  try {
    const x = await startXvfb(env);
    xvfb = x.child;
    const version = await webkitVersion({ ...env, DISPLAY: x.display });
    const lines: string[] = [];
    browser = spawn(binary, ['--enable-write-console-messages-to-stdout=true', url], { env: { ...env, DISPLAY: x.display }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const child = browser;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`WebKit did not finish within ${timeoutMs} ms; last console lines:\n${lines.slice(-5).join('\n')}`)), timeoutMs);
      const onData = (chunk: string) => {
        for (const raw of chunk.split('\n')) {
          const m = /CONSOLE (?:LOG|SECURITY ERROR|ERROR|WARN|INFO|DEBUG) (.*)$/.exec(raw);
          if (!m) continue;
          lines.push(raw.includes('CONSOLE SECURITY ERROR') ? `SECURITY ${m[1]}` : m[1]);
          if (m[1] === doneMarker || m[1].startsWith('ORACLE-FAILED')) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      let outRest = '';
      let errRest = '';
      child.stdout!.on('data', (b: Buffer) => {
        const text = outRest + b.toString();
        const cut = text.lastIndexOf('\n');
        outRest = text.slice(cut + 1);
        onData(text.slice(0, cut + 1));
      });
      child.stderr!.on('data', (b: Buffer) => {
        const text = errRest + b.toString();
        const cut = text.lastIndexOf('\n');
        errRest = text.slice(cut + 1);
        onData(text.slice(0, cut + 1));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`MiniBrowser exited early (code ${code}, signal ${signal}); console lines:\n${lines.slice(-5).join('\n')}`));
      });
    });
    return { lines, version };
  } catch (error) {
    if (!fs.existsSync(XVFB_BINARY) || !fs.existsSync(binary)) throw error;
    throw new Error(`WebKit run failed: ${(error as Error).message}`);
  } finally {
    if (browser) stopGroup(browser);
    if (xvfb) stopGroup(xvfb);
    home.remove();
  }
}
