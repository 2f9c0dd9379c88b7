import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh folder for a browser's profile, HOME and XDG folders, so no run sees another's state. */
export function tempHome(prefix: string): { dir: string; env: NodeJS.ProcessEnv; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cors-${prefix}-`));
  for (const sub of ['home', 'config', 'cache', 'data', 'profile', 'runtime']) fs.mkdirSync(path.join(dir, sub));
  fs.chmodSync(path.join(dir, 'runtime'), 0o700);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: path.join(dir, 'home'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_RUNTIME_DIR: path.join(dir, 'runtime'),
    PUPPETEER_SKIP_DOWNLOAD: '1',
  };
  return { dir, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The path of a browser binary, or an error saying how to install it: these tests never skip. */
export function requireBinary(file: string, what: string, debianPackages: string): string {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} is not installed (${file} is missing), so the browser agreement test cannot run: install the Debian packages ${debianPackages} (scripts/install-test-deps.sh)`);
  }
  return file;
}
