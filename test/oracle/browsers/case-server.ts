import * as http from 'node:http';
import type * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { HeaderLine } from '../../../server/src/fetch/types';
import type { OracleCase, ResponseSpec } from './case-types';
import { createRawHttpServer, header } from './raw-http-server';
import { RUNNER_HTML } from './runner-page';

/** What the API saw of one case: whether a preflight came, with which request headers, and whether the request itself came. */
export interface CaseTraffic {
  preflights: { method: string; headers: string }[];
  actual: number;
}

export interface CaseServer {
  /** `http://127.0.0.1:A`: the calling page. */
  pageOrigin: string;
  /** `http://localhost:B`: the API, a different origin. */
  apiOrigin: string;
  /** Loads cases under a fresh run id; returns the base URL the page fetches `<base><caseId>` from. */
  load(runId: string, cases: OracleCase[]): string;
  traffic(runId: string, caseId: string): CaseTraffic;
  close(): Promise<void>;
}

const FOLLOWED_OK: ResponseSpec = {
  status: 200,
  headers: [
    ['Access-Control-Allow-Origin', '{ORIGIN}'],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Access-Control-Allow-Methods', 'PUT, DELETE, PATCH, patch, FOO'],
    ['Access-Control-Allow-Headers', 'x-token, authorization, content-type'],
  ],
};

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts the page server and the API server on two loopback ports. */
export async function startCaseServer(): Promise<CaseServer> {
  const runs = new Map<string, Map<string, OracleCase>>();
  const traffic = new Map<string, CaseTraffic>();
  let pageOrigin = '';

  const page = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/runner.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(RUNNER_HTML);
      return;
    }
    const m = /^\/cases\/([\w-]+)\.json$/.exec(url.pathname);
    const cases = m ? runs.get(m[1]) : undefined;
    if (cases) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ base: `${apiOrigin}/api/${m![1]}/`, cases: [...cases.values()] }));
      return;
    }
    res.writeHead(404).end();
  });

  const api = createRawHttpServer((req) => {
    const url = new URL(req.target, 'http://x');
    const m = /^\/api\/([\w-]+)\/([\w-]+)$/.exec(url.pathname);
    const c = m ? runs.get(m[1])?.get(m[2]) : undefined;
    if (!c) return { status: 404, headers: [] };
    const seen = traffic.get(`${m![1]}/${m![2]}`)!;
    const requestMethod = header(req, 'access-control-request-method');
    const isPreflight = req.method === 'OPTIONS' && requestMethod !== undefined;
    let spec = isPreflight ? c.preflight : c.actual;
    if (url.searchParams.has('followed')) spec = FOLLOWED_OK;
    else if (isPreflight) seen.preflights.push({ method: requestMethod!, headers: header(req, 'access-control-request-headers') ?? '' });
    else seen.actual++;
    const lines: HeaderLine[] = spec.headers.map(([name, value]) => [name, value.replace('{ORIGIN}', pageOrigin)]);
    if (spec.redirect) lines.push(['Location', `${apiOrigin}${url.pathname}?followed=1`]);
    return { status: spec.status, headers: lines, body: 'ok' };
  });

  const sockets = new Set<net.Socket>();
  api.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const pagePort = await listen(page);
  const apiPort = await listen(api);
  pageOrigin = `http://127.0.0.1:${pagePort}`;
  const apiOrigin = `http://localhost:${apiPort}`;

  return {
    pageOrigin,
    apiOrigin,
    load(runId, cases) {
      runs.set(runId, new Map(cases.map((c) => [c.id, c])));
      for (const c of cases) traffic.set(`${runId}/${c.id}`, { preflights: [], actual: 0 });
      return `${apiOrigin}/api/${runId}/`;
    },
    traffic: (runId, caseId) => traffic.get(`${runId}/${caseId}`)!,
    close: () =>
      new Promise<void>((resolve) => {
        page.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        page.close(() => api.close(() => resolve()));
      }),
  };
}

export function withOrigin(headers: readonly HeaderLine[], origin: string): HeaderLine[] {
  return headers.map(([n, v]) => [n, v.replace('{ORIGIN}', origin)]);
}
