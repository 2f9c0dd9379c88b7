import * as assert from 'node:assert/strict';
import { compilePathPattern } from '../../../server/src/engine/path-pattern';

describe('compilePathPattern', () => {
  const cases: [string, string, boolean][] = [
    ['*.conf', 'nginx.conf', true],
    ['*.conf', 'conf.d/api.conf', true],
    ['*.conf', 'conf.d/api.conf.bak', false],
    ['conf.d/*.conf', 'conf.d/api.conf', true],
    ['conf.d/*.conf', 'x/conf.d/api.conf', false],
    ['**/conf.d/*.conf', 'x/conf.d/api.conf', true],
    ['**/conf.d/*.conf', 'conf.d/api.conf', true],
    ['src/**', 'src/a/b/c.ts', true],
    ['src/**', 'lib/src.ts', false],
    ['vendor', 'a/vendor/b.conf', true],
    ['vendor', 'a/vendors/b.conf', false],
    ['*.{js,ts}', 'app/server.ts', true],
    ['*.{js,ts}', 'app/server.py', false],
    ['site-?.conf', 'site-a.conf', true],
    ['site-[ab].conf', 'site-c.conf', false],
    ['site-[!ab].conf', 'site-c.conf', true],
    ['./examples/', 'examples', true],
    ['a.b', 'axb', false],
    ['/top.conf', 'top.conf', true],
  ];
  for (const [pattern, file, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${file}`, () => {
      assert.equal(compilePathPattern(pattern).matches(file), expected);
    });
  }

  it('keeps an unbalanced pattern usable', () => {
    assert.equal(compilePathPattern('a{b').matches('ab'), true);
    assert.equal(compilePathPattern('[x').matches('[x'), true);
  });
});
