import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { probeOrigins } from '../server/src/tester/probe-origins';
import { runOriginProbes } from '../server/src/tester/origin-probes';
import { median, type BenchModule, type Measure } from './bench';
import { findNginx, NGINX_MISSING } from './nginx-check';
import { freePort, serveNginx } from './nginx-serve';

/**
 * `probe` against real nginx over TLS (30 crafted origins), compared with the
 * same 30 requests sent by a bare `https.request` loop at the same
 * concurrency, in the same run: the ratio is what the tester's own work
 * (bounds, timers, verdicts per probe) costs on top of the network.
 */

const HOST = 'api.shop.test';
const ROUNDS = 21;
const WARMUP = 3;
const TARGET_RATIO = 1.5;

function writeConfig(dir: string, port: number): void {
  const tls = path.join(dir, 'tls');
  fs.mkdirSync(tls);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(tls, 'key.pem'), '-out', path.join(tls, 'cert.pem'), '-days', '1', '-subj', `/CN=${HOST}`], { stdio: 'pipe' });
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path temp/client_body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    map $http_origin $cors_origin {
        default "";
        ~^https://api\\.shop\\.test $http_origin;
    }
    server {
        listen 127.0.0.1:${port} ssl;
        server_name ${HOST};
        ssl_certificate tls/cert.pem;
        ssl_certificate_key tls/key.pem;
        location /api/ {
            add_header Access-Control-Allow-Origin $cors_origin always;
            add_header Access-Control-Allow-Credentials true always;
            add_header Vary Origin always;
            return 200 '{"items":[]}';
        }
    }
}
`,
  );
}

/** The baseline: the same GETs with the same Origin headers, nothing else done with the answers. */
async function bareLoop(url: URL, origins: string[], concurrency: number): Promise<void> {
  let next = 0;
  const one = (origin: string) =>
    new Promise<void>((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port: url.port, path: url.pathname, method: 'GET', servername: HOST, headers: { Host: url.host, Origin: origin, Accept: '*/*' }, agent: false, rejectUnauthorized: false },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (next < origins.length) await one(origins[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export const probeBench: BenchModule = {
  name: 'probe',
  async run(log) {
    const nginx = findNginx();
    if (!nginx) throw new Error(NGINX_MISSING);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-preflight-probe-bench-'));
    const port = await freePort();
    writeConfig(dir, port);
    const server = await serveNginx(nginx, dir, port);
    try {
      const url = new URL(`https://${HOST}:${port}/api/items`);
      const origins = probeOrigins(url).map((p) => p.origin);
      log(`${origins.length} crafted origins against nginx over TLS on 127.0.0.1:${port}, ${ROUNDS} rounds each`);
      const measures: Measure[] = [];
      for (const concurrency of [6, 1]) {
        const probe = () => runOriginProbes({ url: url.href, connectTo: '127.0.0.1', insecure: true, concurrency });
        const check = await probe();
        if (check.results.some((r) => r.error)) throw new Error(`a probe failed: ${check.results.find((r) => r.error)!.error}`);
        log(`concurrency ${concurrency}: ${check.findings.length} findings (the config trusts a prefix)`);
        const ours: number[] = [];
        const bare: number[] = [];
        for (let i = 0; i < WARMUP + ROUNDS; i++) {
          // Alternate, so drift in the machine's load hits both sides alike.
          const a = await timed(probe);
          const b = await timed(() => bareLoop(url, origins, concurrency));
          if (i >= WARMUP) {
            ours.push(a);
            bare.push(b);
          }
        }
        // Best of N: the machine may be shared, and a load spike only ever adds time.
        const value = Math.min(...ours);
        const reference = Math.min(...bare);
        log(`concurrency ${concurrency}: medians ${median(ours).toFixed(1)} ms vs ${median(bare).toFixed(1)} ms`);
        measures.push({ name: `${origins.length} probes, concurrency ${concurrency}, best of ${ROUNDS}`, value: Math.round(value * 10) / 10, unit: 'ms', reference: Math.round(reference * 10) / 10, target: `ratio ≤ ${TARGET_RATIO}`, pass: value / reference <= TARGET_RATIO });
        log(`concurrency ${concurrency}: probe ${value.toFixed(1)} ms, bare https loop ${reference.toFixed(1)} ms, ratio ${(value / reference).toFixed(2)}`);
      }
      return measures;
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
