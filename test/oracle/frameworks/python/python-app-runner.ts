import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, type RunningApp } from '../js/app-runner';

/** Debian's interpreter, where the Debian packages of the frameworks are installed (not a version manager's `python3`). */
export const PYTHON = '/usr/bin/python3';

/** The Debian packages the Python fixture apps import, by module name. */
export const PYTHON_PACKAGES: Record<string, string> = {
  flask: 'python3-flask',
  flask_cors: 'python3-flask-cors',
  django: 'python3-django',
  corsheaders: 'python3-django-cors-headers',
  starlette: 'python3-starlette',
  fastapi: 'python3-fastapi',
  uvicorn: 'python3-uvicorn',
};

/** Fails with what to install when the interpreter or a module an app needs is missing. */
export function checkPython(modules: string[]): void {
  if (!fs.existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: apt-get install -y --no-install-recommends python3 (or run scripts/install-test-deps.sh)`);
  for (const m of modules) {
    const r = spawnSync(PYTHON, ['-c', `import ${m}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${PYTHON} cannot import ${m}: apt-get install -y --no-install-recommends ${PYTHON_PACKAGES[m] ?? `python3-${m}`} (or run scripts/install-test-deps.sh)\n${r.stderr}`);
  }
}

/**
 * Starts a fixture app with Debian's python3 (PORT and HOST in its environment,
 * its own folder first on the module path) and waits until it prints
 * `listening`. A start-up failure rejects with what the app printed.
 */
export async function startPythonApp(file: string, timeoutMs = 30_000): Promise<RunningApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(file, timeoutMs);
    } catch (error) {
      // Another process may take the port between our probe and the app's bind.
      if (attempt >= 3 || !/EADDRINUSE|Address already in use/.test(String((error as Error).message))) throw error;
    }
  }
}

async function startOnce(file: string, timeoutMs: number): Promise<RunningApp> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONPATH: path.dirname(file) };
  const child: ChildProcess = spawn(PYTHON, [file], { cwd: path.dirname(file), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before listening:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
