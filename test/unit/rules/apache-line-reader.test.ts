import * as assert from 'node:assert/strict';
import { freeEnvName } from '../../../server/src/fixes/apache-allowlist';
import { directiveAtOffset } from '../../../server/src/fixes/apache-line-reader';
import type { ApacheDirective, ApacheNode } from '../../../server/src/parsers/apache/ast';
import { parseApache } from '../../../server/src/parsers/apache/parser';

/** The directive the full parse places at `offset`, by walking its tree. */
function parsedAt(nodes: ApacheNode[], offset: number): ApacheDirective | undefined {
  for (const n of nodes) {
    if (offset < n.range.start.offset || offset > n.range.end.offset) continue;
    return n.kind === 'directive' ? n : parsedAt(n.children, offset);
  }
  return undefined;
}

const TEXTS = [
  'Header set A b\n',
  '\nHeader set A b\\\n  c\r\n#x \\\nHeader set X y\n<If "x">\\\n</If>\n\\\nHeader  always set "Q r" \'s\\\' t\'\\\\\nHeader x',
  '<VirtualHost *:80>\n  <Location /a>\n    Header always set Access-Control-Allow-Origin "*"\n  </Location>\n  SetEnvIf Origin "^https://a\\.com$" OK=$0\n</VirtualHost>\n',
  '\r\n\\\r\nHeader a \\\r\n b',
  '\\\nHeader a\n',
  '  Header \\\\\nRequestHeader unset Origin   \n\n',
  'Header a\0',
];

describe('Apache fixes read a directive from its own line', () => {
  it('finds what the full parse finds, at every offset', () => {
    for (const text of TEXTS) {
      const nodes = parseApache(text, 'f').nodes;
      for (let o = 0; o <= text.length; o++) {
        const a = parsedAt(nodes, o);
        const b = directiveAtOffset(text, o);
        const want = a && { key: a.key, start: a.range.start.offset, end: a.range.end.offset, nameEnd: a.nameRange.end.offset, args: a.args.map((x) => ({ value: x.value, start: x.range.start.offset, end: x.range.end.offset })) };
        assert.deepEqual(b, want, `${JSON.stringify(text)} at ${o}`);
      }
    }
  });
});

describe('Apache allowlist variable names', () => {
  it('takes the first name no whole word of the text uses', () => {
    assert.equal(freeEnvName('Header set X y\n'), 'CORS_ORIGIN');
    assert.equal(freeEnvName('SetEnvIf Origin x CORS_ORIGINS=1 MY_CORS_ORIGIN=1\n'), 'CORS_ORIGIN');
    assert.equal(freeEnvName('SetEnvIf Origin x CORS_ORIGIN=$0\n'), 'CORS_ORIGIN_2');
    assert.equal(freeEnvName('%{CORS_ORIGIN}e CORS_ORIGIN_2 CORS_ORIGIN_3x'), 'CORS_ORIGIN_3');
    assert.equal(freeEnvName('CORS_ORIGIN', 'CORS_ORIGIN'), 'CORS_ORIGIN_2');
  });
});
