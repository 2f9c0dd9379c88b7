import * as assert from 'node:assert/strict';
import type { Span } from '../../../../server/src/core/range';
import { goFixProvider } from '../../../../server/src/fixes/go-cors-fixer';
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
