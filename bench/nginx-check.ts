import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The nginx binary, or undefined when it is not installed. */
export function findNginx(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'])) {
    const candidate = path.join(dir, 'nginx');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

export const NGINX_MISSING = 'nginx is not installed: run `bash scripts/install-test-deps.sh` (or `apt-get install -y --no-install-recommends nginx-light`)';

export interface NginxTestResult {
  ok: boolean;
  /** What nginx printed (it reports on stderr). */
  output: string;
  ms: number;
}

/**
 * `nginx -t` on a configuration folder, run from a temporary copy so nothing
 * is written beside the sources: the prefix is the copy, with the `temp/`
 * folder the configurations put their temp paths in, and pid and error log
 * inside it too.
 */
export function nginxTest(configFolder: string, configFile = 'nginx.conf', nginx = findNginx()): NginxTestResult {
  if (!nginx) throw new Error(NGINX_MISSING);
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-preflight-nginx-'));
  try {
    fs.cpSync(configFolder, prefix, { recursive: true });
    fs.mkdirSync(path.join(prefix, 'temp'), { recursive: true });
    const started = process.hrtime.bigint();
    const run = spawnSync(nginx, ['-t', '-p', prefix + '/', '-c', configFile, '-e', path.join(prefix, 'error.log'), '-g', `pid ${path.join(prefix, 'nginx.pid')};`], { encoding: 'utf8', timeout: 60_000 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`, ms };
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}
