import * as assert from 'node:assert/strict';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { predict, type SimRequest } from '../../../../server/src/model/predict';
import { appRoutePath } from '../../../../server/src/model/code/js/next-handlers';
import { analyse, headersFor, onlyPolicy, ready } from './js/support';

function status(policy: CorsPolicy, req: SimRequest): number | string {
  return predict(policy, req).status;
}

const MIDDLEWARE = `import { NextResponse, type NextRequest } from 'next/server';

const allowedOrigins = ['https://acme.com', 'https://my-app.org'];

const corsOptions = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
};

export function middleware(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const isAllowedOrigin = allowedOrigins.includes(origin);
  const isPreflight = request.method === 'OPTIONS';

  if (isPreflight) {
    const preflightHeaders = {
      ...(isAllowedOrigin && { 'Access-Control-Allow-Origin': origin }),
      ...corsOptions,
    };
    return NextResponse.json({}, { headers: preflightHeaders });
  }

  const response = NextResponse.next();
  if (isAllowedOrigin) {
    response.headers.set('Access-Control-Allow-Origin', origin);
  }
  Object.entries(corsOptions).forEach(([key, value]) => {
    response.headers.set(key, value);
  });
  return response;
}

export const config = { matcher: '/api/:path*' };
`;

describe('Next.js extractor', () => {
  before(ready);

  describe('next.config headers()', () => {
    it('module.exports with async headers(): static headers on every status of the path', () => {
      const policy = onlyPolicy(analyse({
        'next.config.js': "module.exports = {\n  async headers() {\n    return [\n      {\n        source: '/api/:path*',\n        headers: [\n          { key: 'Access-Control-Allow-Origin', value: '*' },\n          { key: 'Access-Control-Allow-Methods', value: 'GET,POST' },\n        ],\n      },\n    ];\n  },\n};\n",
      }));
      assert.equal(policy.source, 'nextjs');
      assert.equal(policy.label, "next.config headers for '/api/:path*'");
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-methods: GET,POST', 'access-control-allow-origin: *']);
      // The route behind decides the status; the headers go out whatever it is.
      assert.equal(status(policy, { method: 'OPTIONS', origin: 'https://x.example' }), 'app');
      assert.equal(policy.branches[0].headers[0].scope, 'always');
    });

    it('const nextConfig = {...}; export default nextConfig, and a plugin wrapper around it', () => {
      for (const tail of ['export default nextConfig;\n', 'export default withBundleAnalyzer(nextConfig);\n', 'module.exports = nextConfig;\n']) {
        const policy = onlyPolicy(analyse({
          'next.config.mjs': `const nextConfig = {\n  headers: async () => [{ source: '/:path*', headers: [{ key: 'Access-Control-Allow-Origin', value: 'https://app.example.com' }] }],\n};\n${tail}`,
        }));
        assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-origin: https://app.example.com'], tail);
      }
    });

    it('a config function (phase) => ({ ... }) is read through its result', () => {
      for (const text of [
        "module.exports = (phase) => ({ headers: async () => [{ source: '/api', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] }] });\n",
        "module.exports = async (phase, { defaultConfig }) => {\n  const config = { ...defaultConfig, async headers() { return [{ source: '/api', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] }]; } };\n  return config;\n};\n",
      ]) {
        const policy = onlyPolicy(analyse({ 'next.config.js': text }));
        assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-origin: *']);
      }
    });

    it('a has condition on the Origin with a named group reflects only the origins its regex admits', () => {
      const policy = onlyPolicy(analyse({
        'next.config.ts': "import type { NextConfig } from 'next';\nconst config: NextConfig = {\n  async headers() {\n    return [{\n      source: '/api/:path*',\n      has: [{ type: 'header', key: 'origin', value: '(?<origin>https://(a|b)\\\\.example\\\\.com)' }],\n      headers: [{ key: 'Access-Control-Allow-Origin', value: ':origin' }, { key: 'Vary', value: 'Origin' }],\n    }];\n  },\n};\nexport default config;\n",
      }));
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://a.example.com' }), ['access-control-allow-origin: https://a.example.com', 'vary: Origin']);
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://evil.example' }), []);
      assert.deepEqual(headersFor(policy, { method: 'GET' }), []);
    });

    it('a value-less has on the Origin makes :origin the request Origin itself', () => {
      const policy = onlyPolicy(analyse({
        'next.config.js': "module.exports = {\n  async headers() {\n    return [{ source: '/(.*)', has: [{ type: 'header', key: 'Origin' }], headers: [{ key: 'Access-Control-Allow-Origin', value: ':origin' }] }];\n  },\n};\n",
      }));
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://evil.example' }), ['access-control-allow-origin: https://evil.example']);
    });

    it('a has value is anchored as ^value$ with no group: an alternation leaves both halves half-anchored', () => {
      const policy = onlyPolicy(analyse({
        'next.config.js': "module.exports = {\n  async headers() {\n    return [{ source: '/api', has: [{ type: 'header', key: 'origin', value: 'https://a\\\\.example\\\\.com|https://b\\\\.example\\\\.com' }], headers: [{ key: 'Access-Control-Allow-Origin', value: 'https://a.example.com' }] }];\n  },\n};\n",
      }));
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://a.example.com.evil.net' }), ['access-control-allow-origin: https://a.example.com']);
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://evil.example' }), []);
    });

    it('conditions on other things (a cookie) may or may not hold: one branch each way', () => {
      const policy = onlyPolicy(analyse({
        'next.config.js': "module.exports = {\n  async headers() {\n    return [\n      { source: '/api', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] },\n      { source: '/api', has: [{ type: 'cookie', key: 'beta' }], headers: [{ key: 'Access-Control-Allow-Credentials', value: 'true' }] },\n    ];\n  },\n};\n",
      }));
      assert.equal(policy.branches.length, 2);
      assert.deepEqual(policy.branches.map((b) => b.headers.map((h) => h.name)), [['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials'], ['Access-Control-Allow-Origin']]);
    });

    it('a later entry replaces an earlier header of the same name', () => {
      const policy = onlyPolicy(analyse({
        'next.config.js': "module.exports = {\n  async headers() {\n    return [\n      { source: '/api', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] },\n      { source: '/api', headers: [{ key: 'access-control-allow-origin', value: 'https://app.example.com' }] },\n    ];\n  },\n};\n",
      }));
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-origin: https://app.example.com']);
    });

    it('a file that is no Next config yields nothing, and a broken one does not throw', () => {
      assert.equal(analyse({ 'other.js': "module.exports = { async headers() { return [{ source: '/', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] }]; } };\n" }).policies.length, 0);
      assert.equal(analyse({ 'next.config.js': 'module.exports = { async headers() { return [{ source: ' }).policies.length, 0);
    });
  });

  describe('App Router route handlers', () => {
    it('maps the file path to the route', () => {
      assert.equal(appRoutePath('/p/app/api/(v1)/users/[id]/route.ts'), '/api/users/:id');
      assert.equal(appRoutePath('/p/src/app/api/[...slug]/route.js'), '/api/:slug*');
      assert.equal(appRoutePath('/p/lib/route.ts'), undefined);
    });

    it('a reflected Origin in new Response headers, and Next answering OPTIONS itself (204, Allow, no CORS)', () => {
      const policy = onlyPolicy(analyse({
        'app/api/items/route.ts': "export async function GET(request: Request) {\n  const origin = request.headers.get('origin');\n  return new Response('[]', {\n    headers: { 'Access-Control-Allow-Origin': origin ?? '*', 'Access-Control-Allow-Credentials': 'true' },\n  });\n}\n",
      }));
      assert.equal(policy.label, 'Next route handler /api/items');
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://evil.example' }), ['access-control-allow-credentials: true', 'access-control-allow-origin: https://evil.example']);
      const pre = predict(policy, { method: 'OPTIONS', origin: 'https://evil.example', headers: { 'access-control-request-method': 'PUT' } });
      assert.equal(pre.status, 204);
      assert.deepEqual(pre.headers, []);
      assert.deepEqual(pre.branch?.headers.map((h) => [h.name, h.value.cases[0].parts]), [['Allow', [{ kind: 'text', text: 'GET, HEAD, OPTIONS' }]]]);
      assert.equal(status(policy, { method: 'PUT', origin: 'https://evil.example' }), 405);
    });

    it('NextResponse.json with a Headers object built by set calls, guarded by an allowlist', () => {
      const policy = onlyPolicy(analyse({
        'app/api/route.ts': "import { NextResponse, type NextRequest } from 'next/server';\nconst ALLOWED = ['https://app.example.com'];\nexport async function POST(req: NextRequest) {\n  const headers = new Headers();\n  const origin = req.headers.get('origin') ?? '';\n  if (ALLOWED.includes(origin)) {\n    headers.set('Access-Control-Allow-Origin', origin);\n    headers.set('Vary', 'Origin');\n  }\n  return NextResponse.json({ ok: true }, { status: 201, headers });\n}\nexport async function OPTIONS(req: NextRequest) {\n  return new NextResponse(null, { status: 204, headers: { 'Access-Control-Allow-Methods': 'POST' } });\n}\n",
      }));
      assert.deepEqual(headersFor(policy, { method: 'POST', origin: 'https://app.example.com' }), ['access-control-allow-origin: https://app.example.com', 'vary: Origin']);
      assert.deepEqual(headersFor(policy, { method: 'POST', origin: 'https://evil.example' }), []);
      assert.equal(status(policy, { method: 'POST', origin: 'https://app.example.com' }), 201);
      assert.equal(status(policy, { method: 'OPTIONS', origin: 'https://app.example.com' }), 204);
      assert.equal(status(policy, { method: 'GET', origin: 'https://app.example.com' }), 405);
    });

    it('Response.json, export const handlers and export { handler as GET }', () => {
      const policy = onlyPolicy(analyse({
        'app/x/route.js': "const handler = async () => Response.json([], { headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' } });\nexport { handler as GET };\nexport const DELETE = async () => { throw new Error('no'); };\n",
      }));
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-origin: https://app.example.com']);
      assert.deepEqual(predict(policy, { method: 'DELETE', origin: 'https://x.example' }).headers, []);
      assert.equal(status(policy, { method: 'DELETE', origin: 'https://x.example' }), 500);
    });
  });

  describe('middleware', () => {
    it("the Next docs' CORS middleware: preflights answered with the allowlisted Origin, other requests passed on with it", () => {
      const policy = onlyPolicy(analyse({ 'middleware.ts': MIDDLEWARE }));
      assert.equal(policy.label, "Next middleware for '/api/:path*'");
      assert.deepEqual(headersFor(policy, { method: 'OPTIONS', origin: 'https://acme.com' }), [
        'access-control-allow-headers: Content-Type, Authorization',
        'access-control-allow-methods: GET, POST, PUT, DELETE, OPTIONS',
        'access-control-allow-origin: https://acme.com',
      ]);
      assert.equal(status(policy, { method: 'OPTIONS', origin: 'https://acme.com' }), 200);
      assert.deepEqual(headersFor(policy, { method: 'OPTIONS', origin: 'https://evil.example' }), [
        'access-control-allow-headers: Content-Type, Authorization',
        'access-control-allow-methods: GET, POST, PUT, DELETE, OPTIONS',
      ]);
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://my-app.org' }), [
        'access-control-allow-headers: Content-Type, Authorization',
        'access-control-allow-methods: GET, POST, PUT, DELETE, OPTIONS',
        'access-control-allow-origin: https://my-app.org',
      ]);
      assert.equal(status(policy, { method: 'GET', origin: 'https://my-app.org' }), 'app');
      assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://evil.example' }).filter((h) => h.includes('origin')), []);
    });

    it('a middleware that returns nothing on some paths lets the route answer', () => {
      const policy = onlyPolicy(analyse({
        'middleware.js': "import { NextResponse } from 'next/server';\nexport function middleware(request) {\n  if (!request.nextUrl.pathname.startsWith('/api')) return;\n  const res = NextResponse.next();\n  res.headers.append('Access-Control-Allow-Origin', '*');\n  return res;\n}\n",
      }));
      assert.ok(policy.branches.every((b) => b.status.kind === 'app'));
    });
  });

  it('Pages Router API routes are hand-written (req, res) handlers', () => {
    const policy = onlyPolicy(analyse({
      'pages/api/hello.js': "export default function handler(req, res) {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  if (req.method === 'OPTIONS') return res.status(204).end();\n  res.status(200).json({ name: 'x' });\n}\n",
    }));
    assert.equal(policy.source, 'node');
    assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://evil.example' }), ['access-control-allow-credentials: true', 'access-control-allow-origin: https://evil.example']);
    assert.equal(status(policy, { method: 'OPTIONS', origin: 'https://evil.example' }), 204);
  });
});

describe('Next.js route handlers beside the hand-written handler reader', () => {
  before(ready);

  it('a route handler with a context parameter is one Next policy, not also a (req, res) handler', () => {
    for (const decl of ['export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {', 'export const GET = async (request: NextRequest, context: unknown) => {']) {
      const result = analyse({
        'app/api/[id]/route.ts': `import { NextResponse, type NextRequest } from 'next/server';\n${decl}\n  const headers = new Headers();\n  headers.set('Access-Control-Allow-Origin', 'https://app.example.com');\n  return NextResponse.json({}, { headers });\n}${decl.includes('=>') ? ';' : ''}\n`,
      });
      assert.deepEqual(result.policies.map((p) => p.source), ['nextjs'], decl);
    }
  });
});
