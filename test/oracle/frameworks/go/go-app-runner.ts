import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAppProcess, type RunningApp } from '../../support/app-process';

/** The Debian packages the Go oracle needs, by what each provides. */
const PACKAGES: Record<string, string> = {
  go: 'golang-go',
  'github.com/rs/cors': 'golang-github-rs-cors-dev',
  'github.com/gin-contrib/cors': 'golang-github-gin-contrib-cors-dev',
  'github.com/gin-gonic/gin': 'golang-github-gin-gonic-gin-dev',
};
const GOPATH_SOURCES = '/usr/share/gocode';

/** Fails with the packages to install when Debian's Go or a library source is missing. */
export function checkGo(): void {
  const missing: string[] = [];
  if (!fs.existsSync('/usr/bin/go')) missing.push(PACKAGES.go);
  for (const lib of Object.keys(PACKAGES).filter((k) => k !== 'go')) {
    if (!fs.existsSync(path.join(GOPATH_SOURCES, 'src', lib))) missing.push(PACKAGES[lib]);
  }
  if (missing.length > 0) throw new Error(`the Go oracle needs Debian's Go and library sources: apt-get install -y --no-install-recommends ${missing.join(' ')} (or run scripts/install-test-deps.sh)`);
}

/**
 * GOPATH mode against Debian's sources, offline; the build cache lives in the
 * system temp folder so that later runs only relink.
 */
export function goEnv(): NodeJS.ProcessEnv {
  const cache = path.join(os.tmpdir(), 'cors-preflight-go-cache');
  fs.mkdirSync(cache, { recursive: true });
  return { ...process.env, GO111MODULE: 'off', GOPATH: GOPATH_SOURCES, GOFLAGS: '', GOPROXY: 'off', GOCACHE: cache, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
}

/** Builds every app of the folder into one program (`<binary> <app name>`), once. */
export function buildApps(dir: string): Promise<string> {
  checkGo();
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cors-go-apps-')), 'apps');
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/go', ['build', '-o', out, '.'], { cwd: dir, env: goEnv(), timeout: 240_000, maxBuffer: 4 << 20 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`go build of the oracle apps failed:\n${stderr || error.message}`));
      else resolve(out);
    });
  });
}

/** Starts one app of the built program on a free loopback port. */
export function startGoApp(binary: string, name: string): Promise<RunningApp> {
  return startAppProcess({ command: binary, args: () => [name], label: `Go app ${name}` });
}

/** Removes the folder of a built program. */
export function removeBuild(binary: string): void {
  fs.rmSync(path.dirname(binary), { recursive: true, force: true });
}
