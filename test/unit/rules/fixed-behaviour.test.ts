import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { probe, type ProbeResponse } from '../../oracle/support/http-probe';
import { FIXTURE_ROOT } from './support/fixtures';
import { nginxBinary } from './support/nginx-binary';
import { serveFixture } from './support/nginx-run';

const APP = 'https://app.example.com';

function values(res: ProbeResponse, name: string): string[] {
  return res.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

interface Check {
  method?: string;
  path: string;
  origin?: string;
  expect(res: ProbeResponse): void;
}

/**
 * What real nginx sends before and after a fix: the problem the rule names is
 * there in the original and gone in the fixed output, and nothing else breaks.
 */
const CASES: { fixture: string; before: Check[]; after: Check[] }[] = [
  {
    fixture: 'reflected-origin/fires/credentials',
    before: [{ path: '/api/x', origin: 'https://evil.example', expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), ['https://evil.example']) }],
    after: [
      { path: '/api/x', origin: 'https://evil.example', expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), []) },
      { path: '/api/x', origin: APP, expect: (r) => assert.deepEqual([values(r, 'Access-Control-Allow-Origin'), values(r, 'Access-Control-Allow-Credentials')], [[APP], ['true']]) },
    ],
  },
  {
    fixture: 'permissive-origin-pattern/fires/unescaped-dot',
    before: [{ path: '/api/x', origin: 'https://appxexample.com', expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), ['https://appxexample.com']) }],
    after: [
      { path: '/api/x', origin: 'https://appxexample.com', expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), []) },
      { path: '/api/x', origin: APP, expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), [APP]) },
    ],
  },
  {
    fixture: 'null-origin-allowed/fires/null-in-map',
    before: [{ path: '/api/x', origin: 'null', expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), ['null']) }],
    after: [
      { path: '/api/x', origin: 'null', expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), []) },
      { path: '/api/x', origin: APP, expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), [APP]) },
    ],
  },
  {
    fixture: 'headers-missing-on-error-responses/fires/no-always',
    before: [{ path: '/api/missing', origin: APP, expect: (r) => assert.deepEqual([r.status, values(r, 'Access-Control-Allow-Origin')], [404, []]) }],
    after: [{ path: '/api/missing', origin: APP, expect: (r) => assert.deepEqual([r.status, values(r, 'Access-Control-Allow-Origin')], [404, [APP]]) }],
  },
  {
    fixture: 'add-header-inheritance/fires/location-drops-server',
    before: [{ path: '/download/x', origin: APP, expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), []) }],
    after: [
      {
        path: '/download/x',
        origin: APP,
        expect: (r) => assert.deepEqual([values(r, 'Access-Control-Allow-Origin'), values(r, 'Vary'), values(r, 'Cache-Control')], [[APP], ['Origin'], ['no-store']]),
      },
    ],
  },
  {
    fixture: 'add-header-inheritance/fires/if-drops-location',
    before: [{ method: 'OPTIONS', path: '/api/x', origin: APP, expect: (r) => assert.deepEqual([r.status, values(r, 'Access-Control-Allow-Origin')], [204, []]) }],
    after: [{ method: 'OPTIONS', path: '/api/x', origin: APP, expect: (r) => assert.deepEqual([r.status, values(r, 'Access-Control-Allow-Origin')], [204, [APP]]) }],
  },
  {
    fixture: 'duplicate-cors-header/fires/two-add-header',
    before: [{ path: '/api/x', origin: APP, expect: (r) => assert.equal(values(r, 'Access-Control-Allow-Origin').length, 2) }],
    after: [{ path: '/api/x', origin: APP, expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Origin'), [APP]) }],
  },
  {
    fixture: 'missing-vary-origin/fires/map-without-vary',
    before: [{ path: '/api/x', origin: APP, expect: (r) => assert.deepEqual(values(r, 'Vary'), []) }],
    after: [{ path: '/api/x', origin: APP, expect: (r) => assert.deepEqual([values(r, 'Access-Control-Allow-Origin'), values(r, 'Vary')], [[APP], ['Origin']]) }],
  },
  {
    fixture: 'credentials-with-wildcard-origin/fires/star-with-credentials',
    before: [{ path: '/api/x', origin: APP, expect: (r) => assert.deepEqual(values(r, 'Access-Control-Allow-Credentials'), ['true']) }],
    after: [{ path: '/api/x', origin: APP, expect: (r) => assert.deepEqual([values(r, 'Access-Control-Allow-Origin'), values(r, 'Access-Control-Allow-Credentials')], [['*'], []]) }],
  },
];

const FILES = ['api/x', 'download/x', 'public/x'];

describe('fixed outputs served by real nginx', function () {
  this.timeout(20000);
  before(function () {
    if (!nginxBinary()) throw new Error('nginx is not installed: scripts/install-test-deps.sh installs it (Debian nginx-light)');
  });

  for (const c of CASES) {
    for (const [kind, file, checks] of [
      ['original', `${c.fixture}.conf`, c.before],
      ['fixed', `${c.fixture}.fixed.conf`, c.after],
    ] as const) {
      it(`${c.fixture} (${kind})`, async () => {
        const text = fs.readFileSync(path.join(FIXTURE_ROOT, file), 'utf8');
        const server = await serveFixture(text, FILES);
        try {
          for (const check of checks) {
            const headers: Record<string, string> = check.origin ? { Origin: check.origin } : {};
            if (check.method === 'OPTIONS') headers['Access-Control-Request-Method'] = 'PUT';
            check.expect(await probe({ port: server.port, method: check.method ?? 'GET', path: check.path, headers }));
          }
        } finally {
          await server.stop();
        }
      });
    }
  }
});
