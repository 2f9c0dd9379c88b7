import * as assert from 'node:assert/strict';
import { analyse, ready } from './js/support';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const REFLECT = "import { NextResponse, type NextRequest } from 'next/server';\nexport async function GET(request: NextRequest) {\n  const origin = request.headers.get('origin') ?? '';\n  return NextResponse.json({}, { headers: { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } });\n}\n";

describe('Next.js extractor on bad input', function () {
  this.timeout(120_000);
  before(ready);

  it('a syntax error is reported and the readable handler is still checked', () => {
    const result = analyse({ 'app/api/route.ts': `${REFLECT}export async function POST(request: NextRequest) {\n  return new Response(\n}\n` });
    const ids = result.findings.map((f) => f.ruleId);
    assert.ok(ids.includes('syntax-error'), ids.join(', '));
    assert.ok(ids.includes('reflected-origin'), ids.join(', '));
  });

  it('a config whose headers() calls itself, or names that refer to each other, yields nothing and terminates', () => {
    const loop = analyse({ 'next.config.js': "const a = b;\nconst b = a;\nmodule.exports = { async headers() { return this.headers(); }, other: a };\n" });
    assert.deepEqual(loop.policies, []);
    const cyclic = analyse({ 'next.config.js': "const routes = [...routes];\nmodule.exports = { headers: async () => routes };\n" });
    assert.deepEqual(cyclic.policies, []);
  });

  it('thousands of Origin checks in one handler stay within bounds', () => {
    const checks = Array.from({ length: 3000 }, (_, i) => `  if (origin === 'https://s${i}.example.com') headers.set('Access-Control-Allow-Origin', origin);\n`).join('');
    const text = `import type { NextRequest } from 'next/server';\nexport async function GET(request: NextRequest) {\n  const origin = request.headers.get('origin') ?? '';\n  const headers = new Headers();\n${checks}  return new Response('x', { headers });\n}\n`;
    const { value, ms } = timed(() => analyse({ 'app/many/route.ts': text }));
    assert.ok(ms < 30_000, `took ${ms} ms`);
    assert.equal(value.policies.length, 1);
  });

  it('deeply nested conditions and a huge config terminate', () => {
    const nested = `${'if (request.headers.get("x")) { '.repeat(400)}return new Response('x');${' }'.repeat(400)}`;
    const deep = analyse({ 'app/deep/route.ts': `import type { NextRequest } from 'next/server';\nexport async function GET(request: NextRequest) {\n${nested}\n}\n` });
    assert.equal(deep.policies.length, 1);
    const entries = Array.from({ length: 5000 }, (_, i) => `{ source: '/r${i}', headers: [{ key: 'Access-Control-Allow-Origin', value: 'https://r${i}.example.com' }] },`).join('\n');
    const { value, ms } = timed(() => analyse({ 'next.config.js': `module.exports = { async headers() { return [\n${entries}\n]; } };\n` }));
    assert.ok(ms < 30_000, `took ${ms} ms`);
    assert.equal(value.policies.length, 5000);
  });
});
