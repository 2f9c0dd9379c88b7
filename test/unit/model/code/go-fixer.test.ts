import * as assert from 'node:assert/strict';
import type { Span } from '../../../../server/src/core/range';
import { goFixProvider } from '../../../../server/src/fixes/go-cors-fixer';
import { goFixer } from '../../../../server/src/model/code/go/fixer-hook';
import type { OriginMatcher } from '../../../../server/src/model/origin-matcher';
import { applyEdits } from '../../rules/support/fixtures';

const FILE = '/virtual/app/main.go';

function spanOf(text: string, part: string): Span {
  const start = text.indexOf(part);
  assert.ok(start >= 0, part);
  const pos = (offset: number) => ({ line: text.slice(0, offset).split('\n').length - 1, character: offset - text.lastIndexOf('\n', offset - 1) - 1, offset });
  return { file: FILE, range: { start: pos(start), end: pos(start + part.length) } };
}

function replaced(text: string, part: string, safe: string): string | undefined {
  const fixer = goFixProvider((f) => (f === FILE ? text : undefined));
  const matcher: OriginMatcher = { kind: 'suffix', value: 'x', caseInsensitive: false, at: spanOf(text, part) };
  const fix = fixer.replacePattern!(matcher, safe);
  return fix && applyEdits(text, fix.edits);
}

describe('Go fixes', () => {
  it('turns a suffix check into an anchored regexp and adds the import', () => {
    const text = 'package main\n\nimport (\n\t"strings"\n)\n\nfunc ok(origin string) bool { return strings.HasSuffix(origin, "example.com") }\n';
    assert.equal(replaced(text, 'strings.HasSuffix(origin, "example.com")', '^https://(.+\\.)?example\\.com$'), 'package main\n\nimport (\n\t"regexp"\n\t"strings"\n)\n\nfunc ok(origin string) bool { return regexp.MustCompile(`^https://(.+\\.)?example\\.com$`).MatchString(origin) }\n');
  });

  it('rewrites a wildcard list entry as another entry or an exact origin, never as a regex', () => {
    const text = 'package main\n\nvar origins = []string{"https://*example.com"}\n';
    assert.equal(replaced(text, '"https://*example.com"', '^https://.*\\.example\\.com$'), 'package main\n\nvar origins = []string{"https://*.example.com"}\n');
    assert.equal(replaced(text, '"https://*example.com"', '^https://example\\.com$'), 'package main\n\nvar origins = []string{"https://example.com"}\n');
    assert.equal(replaced(text, '"https://*example.com"', '^https://(a|b)\\.example\\.com$'), undefined);
  });

  it('leaves files of other languages to their own fixers', () => {
    const fixer = goFixProvider(() => 'x');
    const at: Span = { file: '/virtual/app/app.js', range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 1, offset: 1 } } };
    assert.equal(fixer.replacePattern!({ kind: 'regex', pattern: 'a', flavor: 'js', mode: 'search', caseInsensitive: false, at }, '^a$'), undefined);
  });
});

describe('Go fixes of a piece-of-a-string check', () => {
  const PROGRAM = (decl: string, body: string, imports = '\t"net/http"\n\t"strings"\n') => `package main\n\nimport (\n${imports})\n\n${decl}\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\torigin := r.Header.Get("Origin")\n${body}\n}\n`;
  const LIST = 'const allowed = "https://a.example.com,https://b.example.com"';

  function fixed(text: string, call: string, value = 'https://a.example.com,https://b.example.com'): string | undefined {
    const fixer = goFixer((f) => (f === FILE ? text : undefined));
    const matcher: OriginMatcher = { kind: 'within', value, caseInsensitive: false, at: spanOf(text, call) };
    const fix = fixer.replacePattern!(matcher, '^https://(a\\.example\\.com|b\\.example\\.com)$');
    return fix && applyEdits(text, fix.edits);
  }

  it('compares the Origin with each listed origin and drops the import nothing else uses', () => {
    const text = PROGRAM(LIST, '\tif strings.Contains(allowed, origin) {\n\t\tw.Header().Set("Access-Control-Allow-Origin", origin)\n\t}');
    assert.equal(fixed(text, 'strings.Contains(allowed, origin)'), PROGRAM(LIST, '\tif origin == "https://a.example.com" || origin == "https://b.example.com" {\n\t\tw.Header().Set("Access-Control-Allow-Origin", origin)\n\t}', '\t"net/http"\n'));
  });

  it('keeps the import still in use and parenthesises after ! and &&', () => {
    const text = PROGRAM(LIST, '\tif origin != "" && !strings.Contains(allowed, strings.ToLower(origin)) {\n\t\treturn\n\t}');
    const out = fixed(text, 'strings.Contains(allowed, strings.ToLower(origin))');
    assert.equal(out, PROGRAM(LIST, '\tif origin != "" && !(strings.ToLower(origin) == "https://a.example.com" || strings.ToLower(origin) == "https://b.example.com") {\n\t\treturn\n\t}'));
  });

  it('a single origin needs no parentheses beside &&', () => {
    const text = PROGRAM(LIST, '\tif origin != "" && strings.Contains(allowed, origin) {\n\t\treturn\n\t}', '\t"net/http"\n\tstr "strings"\n').replace('strings.Contains', 'str.Contains');
    assert.equal(fixed(text, 'str.Contains(allowed, origin)', 'https://a.example.com'), PROGRAM(LIST, '\tif origin != "" && origin == "https://a.example.com" {\n\t\treturn\n\t}', '\t"net/http"\n'));
  });

  it('offers nothing when the fix would leave a local allowlist unused, which Go refuses to compile', () => {
    const text = PROGRAM('', '\tallowed := "https://a.example.com,https://b.example.com"\n\tif strings.Contains(allowed, origin) {\n\t\treturn\n\t}');
    assert.equal(fixed(text, 'strings.Contains(allowed, origin)'), undefined);
    const used = text.replace('\t\treturn\n', '\t\tw.Write([]byte(allowed))\n');
    assert.match(fixed(used, 'strings.Contains(allowed, origin)') ?? '', /if origin == "https:\/\/a\.example\.com" \|\| origin == "https:\/\/b\.example\.com" \{/);
  });
});
