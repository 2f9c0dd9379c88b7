import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A loopback server for one test; `close()` also drops open connections so no test hangs on them. */
export interface Loopback {
  url: string;
  close(): Promise<void>;
}

function track(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: net.Socket) => sockets.add(s));
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function listen(server: net.Server, scheme: string): Promise<Loopback> {
  const close = track(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ url: `${scheme}://127.0.0.1:${port}/api`, close });
    });
  });
}

export function httpLoopback(handler: http.RequestListener): Promise<Loopback> {
  return listen(http.createServer(handler), 'http');
}

/** A server that writes `reply` bytes verbatim to every connection, whatever it was asked. */
export function rawLoopback(reply: (socket: net.Socket) => void): Promise<Loopback> {
  return listen(net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', () => reply(socket));
  }), 'http');
}

/** A self-signed certificate made with openssl for this run; fails the test (never skips) when openssl is missing. */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch (error) {
    throw new Error(`openssl could not make a self-signed certificate for the TLS tests (install the Debian package openssl): ${(error as Error).message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function httpsLoopback(handler: http.RequestListener): Promise<Loopback> {
  return listen(https.createServer(selfSignedCert(), handler), 'https');
}
