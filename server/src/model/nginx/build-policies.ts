import type { Span } from '../../core/range';
import type { Directive } from '../../parsers/nginx/ast';
import type { NginxConfig } from '../../parsers/nginx/loader';
import { NGINX_SUCCESS_STATUSES, type CorsPolicy } from '../cors-policy';
import { endpointOf, serverName } from './endpoint';
import { childLevel, itemsNamed, levelLike, makeLevel, type Item, type Level } from './levels';
import { createRouter } from './location-router';
import { collectMaps } from './maps';
import { branchesFor } from './location-flow';
import type { FlowContext } from './path-state';

const ZERO = { line: 0, character: 0, offset: 0 };

/** Directives that make a server answer by itself when no location matches. */
const SERVER_RESPONSE_DIRECTIVES = ['add_header', 'more_set_headers', 'return', 'if', 'rewrite'];

/** The paths of one server (or of a snippet read on its own), built when asked. */
export interface ServerGroup {
  /** The `server` directive; absent for a snippet read as the inside of a location. */
  directive: Directive | undefined;
  build(): CorsPolicy[];
}

/**
 * The effective CORS policy of every response path of one loaded
 * configuration: each location (nested ones too), and each server's answer to
 * requests that match none of its locations. A file without `http` is read in
 * the context its directives suggest (a `conf.d` file of servers, a snippet of
 * locations or of headers), so it can be checked on its own.
 */
export function buildNginxPolicies(config: NginxConfig): CorsPolicy[] {
  return serverGroups(config).flatMap((g) => g.build());
}

/**
 * The same paths, one group per server: a server's paths depend on the levels
 * around it, the maps and the `set` names of the whole configuration, never on
 * another server, so a group can be built (or left unbuilt) on its own.
 */
export function serverGroups(config: NginxConfig, declared: Set<string> = declaredVariables(config)): ServerGroup[] {
  const root = config.root;
  const fileSpan: Span = { file: root.path, range: { start: ZERO, end: ZERO } };
  const main = makeLevel(config, 'main', undefined, root.directives, [], undefined, fileSpan);
  const has = (name: string) => itemsNamed(main, name).length > 0;

  let https: Level[];
  let servers: { item: Item | undefined; make: () => Level }[];
  if (has('http')) {
    https = itemsNamed(main, 'http').map((i) => childLevel(config, 'http', i, main));
    servers = https.flatMap((h) => itemsNamed(h, 'server').map((i) => ({ item: i, make: () => childLevel(config, 'server', i, h) })));
  } else if (has('server')) {
    const http = levelLike(main, { kind: 'http' });
    https = [http];
    servers = itemsNamed(http, 'server').map((i) => ({ item: i, make: () => childLevel(config, 'server', i, http) }));
  } else {
    const http = levelLike(main, { kind: 'http', items: [] });
    https = [http];
    if (has('location')) {
      const server = levelLike(main, { kind: 'server', parent: http });
      servers = [{ item: undefined, make: () => server }];
    } else if (SERVER_RESPONSE_DIRECTIVES.some(has)) {
      // A snippet of headers: read it as the inside of a location.
      const build = (): CorsPolicy[] => {
        const server = levelLike(main, { kind: 'server', parent: http, items: [] });
        const loc = levelLike(main, { kind: 'location', parent: server });
        const ctx: FlowContext = { maps: collectMaps(config, []), declared, paths: 0, capped: undefined, route: createRouter(config, server) };
        return [makePolicy(config, `snippet ${baseName(root.path)}`, loc.span, server, loc, ctx, undefined)];
      };
      return [{ directive: undefined, build }];
    } else {
      return [];
    }
  }
  let maps: ReturnType<typeof collectMaps> | undefined;
  return servers.map(({ item, make }) => ({
    directive: item?.directive,
    build: () => serverPolicies(config, make(), (maps ??= collectMaps(config, https)), declared),
  }));
}

function serverPolicies(config: NginxConfig, server: Level, maps: FlowContext['maps'], declared: Set<string>): CorsPolicy[] {
  const policies: CorsPolicy[] = [];
  const route = createRouter(config, server);
  const ctxFor = (): FlowContext => ({ maps, declared, paths: 0, capped: undefined, route });
  const label = `server ${serverName(server)}`;
  const locations = itemsNamed(server, 'location');
  const catchAll = locations.some((l) => {
    const a = l.directive.args;
    return (a.length === 1 && a[0].value === '/') || (a.length === 2 && a[0].value === '^~' && a[1].value === '/');
  });
  const answers = itemsNamed(server, SERVER_RESPONSE_DIRECTIVES).length > 0 || (server.parent !== undefined && hasHeaders(server.parent));
  if (!locations.length || (!catchAll && answers)) {
    policies.push(makePolicy(config, label, server.span, server, undefined, ctxFor(), endpointOf(server, undefined)));
  }
  const walk = (parent: Level, prefix: string): void => {
    const items = itemsNamed(parent, 'location');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // nginx refuses a location without a path (or with too many words): there is no path to model.
      const n = item.directive.args.length;
      if (n < 1 || n > 2 || !item.directive.block) continue;
      const loc = childLevel(config, 'location', item, parent);
      const args = item.directive.args;
      const locLabel = `${prefix} › location ${n === 1 ? args[0].value : `${args[0].value} ${args[1].value}`}`;
      // Named locations are reached only by internal redirects: nothing outside can request them.
      const named = item.directive.args[0].value.startsWith('@');
      policies.push(makePolicy(config, locLabel, loc.span, server, loc, ctxFor(), named ? undefined : endpointOf(server, loc)));
      walk(loc, locLabel);
    }
  };
  walk(server, label);
  return policies;
}

function makePolicy(config: NginxConfig, label: string, at: Span, server: Level, location: Level | undefined, ctx: FlowContext, endpoint: CorsPolicy['endpoint']): CorsPolicy {
  // A snippet included in several places gives one path per place: the include chain tells them apart.
  const inner = location && location !== server ? location.via : server.via;
  const chain = inner === server.via ? server.via : [...server.via, ...inner];
  const suffix = chain.length ? ` via ${[...new Set(chain)].map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`).join(' > ')}` : '';
  const p: CorsPolicy = {
    id: `${at.file}:${at.range.start.line + 1}:${at.range.start.character + 1}${suffix}`,
    source: 'nginx',
    label,
    at,
    branches: branchesFor(config, server, location, ctx),
    successStatuses: statusesOf(config),
  };
  if (endpoint) p.endpoint = endpoint;
  return p;
}

/** One list for all the policies of a configuration: they are read, never changed. */
const successStatuses = new WeakMap<NginxConfig, number[]>();

function statusesOf(config: NginxConfig): number[] {
  let list = successStatuses.get(config);
  if (!list) successStatuses.set(config, (list = [...NGINX_SUCCESS_STATUSES]));
  return list;
}

const HEADER_DIRECTIVES = ['add_header', 'more_set_headers'];

function hasHeaders(level: Level): boolean {
  return itemsNamed(level, HEADER_DIRECTIVES).length > 0;
}
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** Names every `set` in the configuration defines: nginx knows them everywhere, empty until set. */
export function declaredVariables(config: NginxConfig): Set<string> {
  const names = new Set<string>();
  const add = (value: string) => names.add(value.replace(/^\$\{?/, '').replace(/\}$/, '').toLowerCase());
  const stack: Directive[][] = [...config.files.values()].map((f) => f.directives);
  // A skeleton parse keeps the names of the blocks it left unread.
  for (const f of config.files.values()) for (const value of f.skeleton?.sets ?? []) add(value);
  while (stack.length) {
    for (const d of stack.pop()!) {
      if (d.name === 'set' && d.args[0]) add(d.args[0].value);
      if (d.block) stack.push(d.block.directives);
    }
  }
  return names;
}
