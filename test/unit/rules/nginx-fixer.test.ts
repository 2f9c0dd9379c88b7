import * as assert from 'node:assert/strict';
import type { Fix } from '../../../server/src/core/finding';
import type { Span } from '../../../server/src/core/range';
import { createNginxFixer } from '../../../server/src/fixes/nginx-fixer';
import type { HeaderEmission } from '../../../server/src/model/cors-policy';
import { applyEdits } from './support/fixtures';
import { branch, policy, regex } from './support/policy-builder';

const FILE = '/virtual/site.conf';

/** The span of the `nth` occurrence of `needle` (to the end of its statement when `statement`). */
function spanOf(text: string, needle: string, nth = 0, statement = true, file = FILE): Span {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `no ${needle}`);
  const end = statement ? text.indexOf(';', start) + 1 : start + needle.length;
  const pos = (o: number) => {
    const before = text.slice(0, o);
    const line = before.split('\n').length - 1;
    return { line, character: o - (before.lastIndexOf('\n') + 1), offset: o };
  };
  return { file, range: { start: pos(start), end: pos(end) } };
}

function emission(text: string, name: string, nth = 0, scope: 'always' | 'success' = 'success'): HeaderEmission {
  const at = spanOf(text, `add_header ${name}`, nth);
  return { name, key: name.toLowerCase(), value: { cases: [] }, scope, mode: 'add', at };
}

function apply(text: string, fix: Fix | undefined): string {
  assert.ok(fix, 'no fix');
  return applyEdits(text, fix.edits);
}

const SNIPPET = `server {
    listen 127.0.0.1:8080;

    location /api/ {
        add_header Access-Control-Allow-Origin $http_origin;
        add_header X-Other "a b";  # trailing note
    }
}
`;

describe('nginx fix provider', () => {
  const fixerFor = (text: string, files: Record<string, string> = {}) => createNginxFixer((f) => (f === FILE ? text : files[f]));

  it('adds `always` after the value, once', () => {
    const fixed = apply(SNIPPET, fixerFor(SNIPPET).addAlways(emission(SNIPPET, 'Access-Control-Allow-Origin')));
    assert.match(fixed, /add_header Access-Control-Allow-Origin \$http_origin always;/);
    const again = fixed;
    assert.equal(fixerFor(again).addAlways(emission(again, 'Access-Control-Allow-Origin')), undefined);
  });

  it('adds Vary on its own line at the same indentation', () => {
    const fixed = apply(SNIPPET, fixerFor(SNIPPET).addVaryOrigin(policy([]), emission(SNIPPET, 'Access-Control-Allow-Origin')));
    assert.match(fixed, /\$http_origin;\n {8}add_header Vary Origin always;\n {8}add_header X-Other/);
  });

  it('puts the allowlist map before the first server of a server snippet', () => {
    const acao = emission(SNIPPET, 'Access-Control-Allow-Origin');
    const fix = fixerFor(SNIPPET).allowlistOrigin(policy([branch([acao])]), acao, ['https://app.example.com']);
    assert.equal(fix?.safe, true);
    const fixed = apply(SNIPPET, fix);
    assert.ok(fixed.startsWith('map $http_origin $cors_allow_origin {\n    default "";\n    "https://app.example.com" $http_origin;\n}\n\nserver {'));
    assert.match(fixed, /add_header Access-Control-Allow-Origin \$cors_allow_origin;\n {8}add_header Vary Origin always;/);
  });

  it('uses a placeholder (never applied automatically) without trusted origins, and a free variable name', () => {
    const text = SNIPPET.replace('server {', 'map $host $cors_allow_origin { default x; }\nserver {');
    const acao = emission(text, 'Access-Control-Allow-Origin');
    const fix = fixerFor(text).allowlistOrigin(policy([branch([acao])]), acao, []);
    assert.equal(fix?.safe, false);
    assert.match(apply(text, fix), /map \$http_origin \$cors_allow_origin_2 \{\n {4}default "";\n {4}# Placeholder[^\n]*\n {4}"https:\/\/app\.example\.com" \$http_origin;/);
  });

  it('inserts the map inside http, indented, in a whole configuration', () => {
    const text = `events {}\nhttp {\n  server {\n    location / {\n      add_header Access-Control-Allow-Origin *;\n    }\n  }\n}\n`;
    const acao = emission(text, 'Access-Control-Allow-Origin');
    const fixed = apply(text, fixerFor(text).allowlistOrigin(policy([branch([acao])]), acao, ['https://a.example.com']));
    assert.match(fixed, /http \{\n {2}map \$http_origin \$cors_allow_origin \{\n {4}default "";\n {4}"https:\/\/a\.example\.com" \$http_origin;\n {2}\}\n\n {2}server \{/);
  });

  it('refuses an allowlist where a map is not allowed (a location snippet)', () => {
    const text = 'add_header Access-Control-Allow-Origin $http_origin always;\n';
    const acao = emission(text, 'Access-Control-Allow-Origin');
    assert.equal(fixerFor(text).allowlistOrigin(policy([branch([acao])]), acao, ['https://a.example.com']), undefined);
  });

  it('rewrites a literal value, keeping its quotes, and leaves variables alone', () => {
    const text = SNIPPET.replace('$http_origin', '"https://a.example.com/"');
    const fixed = apply(text, fixerFor(text).replaceValue(emission(text, 'Access-Control-Allow-Origin'), 'https://a.example.com', 't'));
    assert.match(fixed, /Allow-Origin "https:\/\/a\.example\.com";/);
    assert.equal(fixerFor(SNIPPET).replaceValue(emission(SNIPPET, 'Access-Control-Allow-Origin'), 'x', 't'), undefined);
  });

  it('removes a whole line, or only the statement when it shares the line', () => {
    const fixed = apply(SNIPPET, fixerFor(SNIPPET).removeEmission(emission(SNIPPET, 'X-Other'), 't'));
    assert.equal(fixed, SNIPPET.replace('        add_header X-Other "a b";  # trailing note\n', ''));
    const shared = 'server {\n    location / { add_header A 1; add_header B 2; }\n}\n';
    assert.equal(apply(shared, fixerFor(shared).removeEmission(emission(shared, 'B'), 't')), 'server {\n    location / { add_header A 1; }\n}\n');
  });

  it('escapes and anchors a map key, keeping its operator', () => {
    const text = 'map $http_origin $c {\n    default "";\n    ~*^https://a.example.com $http_origin;\n}\n';
    const at = spanOf(text, '~*^https://a.example.com $http_origin;', 0, false);
    const fixed = apply(text, fixerFor(text).replacePattern(regex('^https://a.example.com', at), '^https://a\\.example\\.com$'));
    assert.match(fixed, /\n {4}~\*\^https:\/\/a\\\.example\\\.com\$ \$http_origin;/);
  });

  it('rewrites the regex of an `if` reported as a whole, quoted or not', () => {
    for (const [cond, want] of [
      ['($http_origin ~* "example\\.com")', '($http_origin ~* "^https://example\\.com$")'],
      ['($http_origin ~ example.com)', '($http_origin ~ ^https://example\\.com$)'],
    ]) {
      const text = `location / {\n    if ${cond} {\n        add_header A 1;\n    }\n}\n`;
      const start = text.indexOf('if (');
      const end = text.indexOf('}', start) + 1;
      const at = { ...spanOf(text, 'if (', 0, false), range: { ...spanOf(text, 'if (', 0, false).range, end: { line: 3, character: 5, offset: end } } };
      const fixed = apply(text, fixerFor(text).replacePattern(regex('x', at), '^https://example\\.com$'));
      assert.ok(fixed.includes(`if ${want} {`), fixed);
    }
  });

  it('hides the upstream header after proxy_pass, repeating inherited hides', () => {
    const text = 'server {\n    proxy_hide_header X-Powered-By;\n    location / {\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n';
    const b = branch([], { passesUpstreamHeaders: { hidden: ['x-powered-by'], at: spanOf(text, 'proxy_pass') } });
    const fixed = apply(text, fixerFor(text).hideUpstreamHeader(policy([b]), b, 'Access-Control-Allow-Origin'));
    assert.match(fixed, /proxy_pass http:\/\/127\.0\.0\.1:9000;\n {8}proxy_hide_header x-powered-by;\n {8}proxy_hide_header Access-Control-Allow-Origin;\n/);
  });

  it('hides the upstream header before an `if` holding proxy_pass (not allowed inside if)', () => {
    const text = 'location / {\n    if ($request_method = POST) {\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n';
    const b = branch([], { passesUpstreamHeaders: { hidden: [], at: spanOf(text, 'proxy_pass') } });
    const fixed = apply(text, fixerFor(text).hideUpstreamHeader(policy([b]), b, 'Access-Control-Allow-Origin'));
    assert.ok(fixed.startsWith('location / {\n    proxy_hide_header Access-Control-Allow-Origin;\n    if ('), fixed);
  });

  it('repeats inherited headers from another file before the nested add_header', () => {
    const snippet = 'add_header Access-Control-Allow-Origin https://a.example.com always;\n';
    const text = 'location / {\n    include cors.conf;\n    location /x/ {\n        add_header Cache-Control no-store;\n    }\n}\n';
    const dropped: HeaderEmission = { ...emission(snippet, 'Access-Control-Allow-Origin'), at: spanOf(snippet, 'add_header', 0, true, '/virtual/cors.conf') };
    const because = spanOf(text, 'add_header Cache-Control');
    const fixer = fixerFor(text, { '/virtual/cors.conf': snippet });
    const fixed = apply(text, fixer.repeatInherited(policy([]), branch([]), [dropped], because));
    assert.match(fixed, /location \/x\/ \{\n {8}add_header Access-Control-Allow-Origin https:\/\/a\.example\.com always;\n {8}add_header Cache-Control no-store;/);
  });

  it('keeps CRLF line endings in what it inserts', () => {
    const text = SNIPPET.replace(/\n/g, '\r\n');
    const fixed = apply(text, fixerFor(text).addVaryOrigin(policy([]), emission(text, 'Access-Control-Allow-Origin')));
    assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false);
    assert.match(fixed, /\$http_origin;\r\n {8}add_header Vary Origin always;\r\n/);
  });

  it('picks a map name free in the files that include the snippet', () => {
    const includer = '/virtual/nginx.conf';
    const main = 'http {\n    map $http_origin $cors_allow_origin { default ""; }\n    include site.conf;\n}\n';
    const acao = { ...emission(SNIPPET, 'Access-Control-Allow-Origin'), via: [spanOf(main, 'include site.conf', 0, true, includer)] };
    const fixer = fixerFor(SNIPPET, { [includer]: main });
    const fixed = apply(SNIPPET, fixer.allowlistOrigin(policy([branch([acao])]), acao, ['https://a.example.com']));
    assert.match(fixed, /^map \$http_origin \$cors_allow_origin_2 \{/);
  });

  it('reuses a map with exactly the same origins, and inserts above the comments of the first server', () => {
    const text = '# The API.\nserver {\n    add_header Access-Control-Allow-Origin $http_origin always;\n}\n';
    const acao = emission(text, 'Access-Control-Allow-Origin');
    const once = apply(text, fixerFor(text).allowlistOrigin(policy([branch([acao])]), acao, ['https://a.example.com']));
    assert.ok(once.startsWith('map $http_origin $cors_allow_origin {'), once);
    assert.match(once, /\}\n\n# The API\.\nserver \{/);
    const again = once.replace('}\n', '}\n').replace(/\n}\n$/, '\n    location / { add_header Access-Control-Allow-Origin $http_origin always; }\n}\n');
    const second = emission(again, 'Access-Control-Allow-Origin $http_origin');
    const secondAcao = { ...second, name: 'Access-Control-Allow-Origin', key: 'access-control-allow-origin' };
    const twice = apply(again, fixerFor(again).allowlistOrigin(policy([branch([secondAcao])]), secondAcao, ['https://a.example.com']));
    assert.equal(twice.match(/^map /gm)?.length, 1, twice);
    assert.match(twice, /location \/ \{ add_header Access-Control-Allow-Origin \$cors_allow_origin always;/);
  });

  it('removes one map line for an origin case, never the default or a non-map statement', () => {
    const text = 'map $http_origin $c {\n    default "";\n    "https://a.example.com" $http_origin;\n    "null" $http_origin;\n}\n';
    const valueCase = (needle: string) => ({ when: { kind: 'any' as const }, parts: [], at: spanOf(text, needle) });
    assert.equal(apply(text, fixerFor(text).removeOriginCase?.(valueCase('"null"'), 't')), text.replace('    "null" $http_origin;\n', ''));
    assert.equal(fixerFor(text).removeOriginCase?.(valueCase('default'), 't'), undefined);
    assert.equal(fixerFor(SNIPPET).removeOriginCase?.({ when: { kind: 'any' }, parts: [], at: spanOf(SNIPPET, 'add_header X-Other') }, 't'), undefined);
  });
});
