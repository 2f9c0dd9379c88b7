import * as path from 'node:path';
import type { Span } from '../../core/range';
import type { ApacheSection } from '../../parsers/apache/ast';
import { type Item, lastValue, sectionsOf } from './flatten';

/** A server that answers requests: a `<VirtualHost>`, or the main server when there is none. */
export interface ServerInfo {
  label: string;
  at: Span;
  /** Directives at server level: the main server's, then the virtual host's (Header, SetEnvIf, ...). */
  topItems: Item[];
  /** The server's own top-level rewrite rules (a virtual host does not inherit the main server's). */
  rewriteItems: Item[];
  /** Per-directory sections in Apache's order of declaration: the main server's, then the virtual host's. */
  sections: Array<Extract<Item, { kind: 'section' }>>;
  documentRoot?: string;
  names: string[];
  ports: number[];
  tls: boolean;
  serverRoot: string;
}

export const PER_DIR_SECTIONS = ['directory', 'directorymatch', 'files', 'filesmatch', 'location', 'locationmatch', 'if', 'elseif', 'else', 'proxy', 'proxymatch'];

function topDirectives(items: Item[]): Item[] {
  return items.filter((i) => i.kind === 'directive');
}

function spanOf(s: ApacheSection): Span {
  return { file: s.file, range: s.open };
}

function docRoot(items: Item[], serverRoot: string): string | undefined {
  const d = lastValue(items, 'documentroot');
  const v = d?.args[0]?.value;
  return v ? path.resolve(serverRoot, v).replace(/\/+$/, '') || '/' : undefined;
}

export function findServers(flat: Item[], serverRoot: string, rootFile: string): ServerInfo[] {
  const mainTop = topDirectives(flat);
  const mainSections = sectionsOf(flat, ...PER_DIR_SECTIONS);
  const vhosts = sectionsOf(flat, 'virtualhost');
  const mainName = lastValue(flat, 'servername')?.args[0]?.value;
  const listenPorts = flat.filter((i) => i.kind === 'directive' && i.d.key === 'listen').map((i) => (i.kind === 'directive' ? portOf(i.d.args[0]?.value ?? '') : undefined)).filter((p): p is number => p !== undefined);
  if (vhosts.length === 0) {
    const zero = { line: 0, character: 0, offset: 0 };
    return [{
      label: mainName ? `server ${mainName}` : 'main server',
      at: { file: rootFile, range: { start: zero, end: zero } },
      topItems: mainTop,
      rewriteItems: mainTop,
      sections: mainSections,
      documentRoot: docRoot(flat, serverRoot),
      names: mainName ? [mainName] : [],
      ports: listenPorts,
      tls: flat.some((i) => i.kind === 'directive' && i.d.key === 'sslengine' && i.d.args[0]?.value.toLowerCase() === 'on'),
      serverRoot,
    }];
  }
  return vhosts.map((v) => {
    const own = topDirectives(v.items);
    const name = lastValue(v.items, 'servername')?.args[0]?.value;
    const aliases = v.items.flatMap((i) => (i.kind === 'directive' && i.d.key === 'serveralias' ? i.d.args.map((a) => a.value) : []));
    const ports = v.s.args.map((a) => portOf(a.value)).filter((p): p is number => p !== undefined);
    return {
      label: `VirtualHost ${v.s.args.map((a) => a.value).join(' ')}${name ? ` (${name})` : ''}`,
      at: spanOf(v.s),
      topItems: [...mainTop, ...own],
      rewriteItems: own,
      sections: [...mainSections, ...sectionsOf(v.items, ...PER_DIR_SECTIONS)],
      documentRoot: docRoot(v.items, serverRoot) ?? docRoot(flat, serverRoot),
      names: [...(name ? [name] : mainName ? [mainName] : []), ...aliases],
      ports: ports.length ? ports : listenPorts,
      tls: v.items.some((i) => i.kind === 'directive' && i.d.key === 'sslengine' && i.d.args[0]?.value.toLowerCase() === 'on'),
      serverRoot,
    };
  });
}

function portOf(addr: string): number | undefined {
  const m = /:(\d+)$/.exec(addr) ?? /^(\d+)$/.exec(addr);
  return m ? Number(m[1]) : undefined;
}

/** The virtual host a request for `host` reaches: by ServerName/ServerAlias, else the first (Apache's default). */
export function serverForHost(servers: ServerInfo[], host: string | undefined): ServerInfo | undefined {
  const h = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return servers.find((s) => s.names.some((n) => globToRegex(n.toLowerCase()).test(h))) ?? servers[0];
}

function globToRegex(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}
