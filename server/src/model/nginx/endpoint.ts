import type { CorsPolicy } from '../cors-policy';
import { itemsNamed, type Level } from './levels';

/** The first usable `server_name`, else the first `listen`, for labels. */
export function serverName(server: Level): string {
  const names = itemsNamed(server, 'server_name').flatMap((i) => i.directive.args.map((a) => a.value)).filter((n) => n !== '' && n !== '_');
  if (names.length) return names[0];
  const listen = itemsNamed(server, 'listen')[0]?.directive.args[0]?.value;
  return listen ?? '(default)';
}

/** Where requests for this path go: literal names (wildcards and regexes cannot be requested), ports and scheme from the server, the path from the location. */
export function endpointOf(server: Level, location: Level | undefined): CorsPolicy['endpoint'] {
  let where = servers.get(server);
  if (!where) servers.set(server, (where = serverEndpoint(server)));
  let path = '/';
  if (location?.directive) {
    const args = location.directive.args;
    path = args.length ? args[args.length - 1].value : '/';
  }
  // Policies are read, never changed: a server's locations share its host and port lists.
  return { hosts: where.hosts, ports: where.ports, tls: where.tls, path };
}

/** The server's part of its paths' endpoints, worked out once for all of its locations. */
const servers = new WeakMap<Level, { hosts: string[]; ports: number[]; tls: boolean }>();

function serverEndpoint(server: Level): { hosts: string[]; ports: number[]; tls: boolean } {
  const hosts = itemsNamed(server, 'server_name')
    .flatMap((i) => i.directive.args.map((a) => a.value))
    .filter((n) => n !== '' && n !== '_' && !n.startsWith('~') && !n.startsWith('.') && !n.includes('*'));
  const ports: number[] = [];
  let tls = false;
  for (const item of itemsNamed(server, 'listen')) {
    const args = item.directive.args.map((a) => a.value);
    if (!args.length || args[0].startsWith('unix:')) continue;
    if (args.includes('ssl') || args.includes('quic')) tls = true;
    const m = /(?:^|:)(\d+)$/.exec(args[0]);
    const port = m ? Number(m[1]) : /^\d+$/.test(args[0]) ? Number(args[0]) : 80;
    if (!ports.includes(port)) ports.push(port);
  }
  // Without any listen nginx uses port 80; a server on unix sockets only has no port to try.
  if (!itemsNamed(server, 'listen').length) ports.push(80);
  return { hosts, ports, tls };
}
