import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { startAppProcess, type RunningApp } from '../../support/app-process';

/** The Debian package the PHP oracle runs on (PHP 8.2's built-in server). */
export const PHP_PACKAGES = 'php-cli';

/** Fails, naming what to install, when the PHP CLI is missing. */
export function checkPhp(): void {
  try {
    execFileSync('php', ['-r', 'echo PHP_VERSION;'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the PHP oracle needs the PHP CLI: apt-get install -y --no-install-recommends ${PHP_PACKAGES} (or run scripts/install-test-deps.sh)\n${(error as Error).message}`);
  }
}

/** Serves a script with PHP's built-in server on 127.0.0.1: every request runs it. */
export function startPhpApp(file: string, timeoutMs = 20_000): Promise<RunningApp> {
  return startAppProcess(
    { command: 'php', args: (port) => ['-n', '-d', 'display_errors=0', '-S', `127.0.0.1:${port}`, path.basename(file)], label: file, cwd: path.dirname(file), ready: /Development Server \(http:\/\/127\.0\.0\.1:\d+\) started/ },
    timeoutMs,
  );
}
