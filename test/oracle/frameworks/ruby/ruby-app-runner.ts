import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { startAppProcess, type RunningApp } from '../../support/app-process';

const SERVE = path.join(__dirname, 'rack-serve.rb');

/** The Debian packages the Ruby oracle runs on (rack-cors 1.1.1, rack 2.2, WEBrick). */
export const RUBY_PACKAGES = 'ruby ruby-rack ruby-rack-cors ruby-webrick';

/** Fails, naming what to install, when Ruby or a gem the apps need is missing. */
export function checkRuby(): void {
  try {
    execFileSync('ruby', ['-e', "require 'rack'; require 'rack/cors'; require 'webrick'; require 'rack/handler/webrick'"], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the Ruby oracle needs Ruby with rack, rack-cors and webrick: apt-get install -y --no-install-recommends ${RUBY_PACKAGES} (or run scripts/install-test-deps.sh)\n${(error as Error).message}`);
  }
}

/** Serves a rackup file with WEBrick on 127.0.0.1. */
export function startRackApp(file: string, timeoutMs = 20_000): Promise<RunningApp> {
  return startAppProcess({ command: 'ruby', args: () => [SERVE, file], label: file, cwd: path.dirname(file) }, timeoutMs);
}
