import * as assert from 'node:assert/strict';
import type { Span } from '../../../server/src/core/range';
import { firstLine } from '../../../server/src/rules/support/report';

function span(text: string, from: string, to: string): Span {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start) + to.length;
  const pos = (o: number) => {
    const before = text.slice(0, o);
    return { line: before.split('\n').length - 1, character: o - (before.lastIndexOf('\n') + 1), offset: o };
  };
  return { file: '/v/a.conf', range: { start: pos(start), end: pos(end) } };
}

describe('finding spans', () => {
  const text = 'server {\n    location /api/ {\n        root /srv;\n    }\n}\n';

  it('shows a block by its opening line, without the brace', () => {
    const got = firstLine(span(text, 'location', '}'), () => text);
    assert.deepEqual([got.range.start.line, got.range.start.character, got.range.end.line, got.range.end.character], [1, 4, 1, 18]);
    assert.equal(text.slice(got.range.start.offset, got.range.end.offset), 'location /api/');
  });

  it('keeps one-line spans and spans of unreadable files as they are', () => {
    const one = span(text, 'root', ';');
    assert.equal(firstLine(one, () => text), one);
    const block = span(text, 'location', '}');
    assert.equal(firstLine(block, () => undefined), block);
  });
});
