import * as http from 'node:http';
import * as net from 'node:net';
import type { HeaderLine } from '../../../server/src/fetch/types';

/**
 * A tiny HTTP/1.1 server over raw sockets. Node's `http` parser answers 400
 * to methods it does not know (`patch`, `FOO`) before any handler runs, and
 * the cases need exactly those methods and byte-exact header lines.
 */
export interface RawRequest {
  method: string;
  target: string;
  headers: HeaderLine[];
}

export interface RawReply {
  status: number;
  headers: HeaderLine[];
  body?: string;
}

export function header(req: RawRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  return req.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function parseHead(head: string): RawRequest | undefined {
  const lines = head.split('\r\n');
  const m = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(lines[0]);
  if (!m) return undefined;
  const headers: HeaderLine[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { method: m[1], target: m[2], headers };
}

function serialize(req: RawRequest, reply: RawReply): Buffer {
  const noBody = reply.status === 204 || reply.status === 304 || (reply.status >= 100 && reply.status < 200);
  const body = noBody || req.method === 'HEAD' ? '' : (reply.body ?? '');
  let text = `HTTP/1.1 ${reply.status} ${http.STATUS_CODES[reply.status] ?? 'Status'}\r\n`;
  for (const [name, value] of reply.headers) text += `${name}: ${value}\r\n`;
  if (!noBody) text += `Content-Length: ${Buffer.byteLength(reply.body ?? '')}\r\n`;
  text += '\r\n';
  return Buffer.concat([Buffer.from(text, 'latin1'), Buffer.from(body)]);
}

export function createRawHttpServer(handle: (req: RawRequest) => RawReply): net.Server {
  return net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffer.length > 64 * 1024) socket.destroy();
          return;
        }
        const req = parseHead(buffer.subarray(0, end).toString('latin1'));
        if (!req || header(req, 'transfer-encoding')) {
          socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          return;
        }
        const length = Number(header(req, 'content-length') ?? '0');
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.subarray(end + 4 + length);
        socket.write(serialize(req, handle(req)));
      }
    });
  });
}
