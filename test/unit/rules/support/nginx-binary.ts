import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

export function nginxBinary(): string | undefined {
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** Whether a file is a whole nginx configuration or a set of servers meant to be included from `http`. */
function isWholeConfig(text: string): boolean {
  return /^\s*http\s*\{/m.test(text);
}

/**
 * Runs `nginx -t` on a fixture in a throw-away prefix, touching nothing in /etc:
 * whole configs as they are, server snippets wrapped into `events {} http { include ...; }`.
 */
export function nginxTest(text: string, name = 'fixture.conf', snippetsFrom?: string): { ok: boolean; output: string } {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-nginx-t-'));
  try {
    // Snippets a case includes by a relative path (`_name.conf` beside it) resolve against the prefix.
    if (snippetsFrom) {
      for (const f of fs.readdirSync(snippetsFrom)) if (f.startsWith('_')) fs.copyFileSync(path.join(snippetsFrom, f), path.join(dir, f));
    }
    const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((t) => `${t}_temp_path ${path.join(dir, t)};`)
      .join(' ');
    let main: string;
    if (isWholeConfig(text)) {
      main = text.replace(/^(\s*)http\s*\{/m, (m) => `${m} access_log off; ${temps}`);
      if (!/^\s*events\s*\{/m.test(main)) main = `events {}\n${main}`;
    } else {
      fs.writeFileSync(path.join(dir, name), text);
      main = `events {}\nhttp {\n    access_log off; ${temps}\n    include ${path.join(dir, name)};\n}\n`;
    }
    fs.writeFileSync(path.join(dir, 'nginx.conf'), main);
    const r = spawnSync(bin, ['-t', '-q', '-p', `${dir}/`, '-c', 'nginx.conf', '-e', path.join(dir, 'error.log'), '-g', `pid ${path.join(dir, 'nginx.pid')};`], {
      encoding: 'utf8',
      timeout: 10000,
    });
    const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}${log}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
