import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { buildApacheModel, policyForRequest } from '../../../../server/src/model/apache/policies';
import { serverForHost } from '../../../../server/src/model/apache/servers';
import { predict, type SimRequest } from '../../../../server/src/model/predict';
import { loadApacheConfig } from '../../../../server/src/parsers/apache/loader';
import { parseApache } from '../../../../server/src/parsers/apache/parser';

/** A temporary server tree: `@ROOT@` in texts is replaced by its folder. Returns the folder. */
export function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-model-'));
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text.replaceAll('@ROOT@', dir));
  }
  return dir;
}

/** The policy of one request URL in a configuration given as text (document root `@ROOT@/htdocs`). */
export function policyOf(conf: string, url: string, extra: Record<string, string> = {}, host?: string): CorsPolicy {
  const dir = tree({ 'httpd.conf': conf, 'htdocs/api/data.json': '{}', 'htdocs/index.txt': 'x', ...extra });
  const fileHost = createNodeFileHost();
  const config = loadApacheConfig(path.join(dir, 'httpd.conf'), fileHost);
  const htaccess = Object.keys(extra).filter((n) => n.endsWith('.htaccess')).map((n) => parseApache(fs.readFileSync(path.join(dir, n), 'utf8'), path.join(dir, n)));
  const model = buildApacheModel(config, fileHost, htaccess);
  const server = serverForHost(model.servers, host);
  if (!server) throw new Error('no server');
  return policyForRequest(model, server, url);
}

/** Status and `name: value` CORS lines one request receives. */
export function answer(policy: CorsPolicy, req: SimRequest): { status: unknown; lines: string[] } {
  const p = predict(policy, req);
  return { status: p.status, lines: p.headers.map(([n, v]) => `${n}: ${v}`) };
}

export const DOCROOT = 'DocumentRoot @ROOT@/htdocs\n<Directory @ROOT@/htdocs>\n    Require all granted\n</Directory>\n';
