import * as assert from 'node:assert/strict';
import { parseNginxText, type TextDirective } from '../../../server/src/fixes/nginx-text';

/** Each statement as its words, nested blocks after them. */
function words(list: readonly TextDirective[]): unknown[] {
  return list.map((d) => (d.block ? [d.head.raw, ...d.args.map((a) => a.raw), words(d.block.children)] : [d.head.raw, ...d.args.map((a) => a.raw)]));
}

describe("the nginx fixes' text reader", () => {
  it('splits words as nginx does: quotes, escapes, ${name}, comments', () => {
    assert.deepEqual(words(parseNginxText('add_header X "a; b" always;')), [['add_header', 'X', '"a; b"', 'always']]);
    assert.deepEqual(words(parseNginxText('set $v ${a b;c}d;')), [['set', '$v', '${a b;c}d']]);
    assert.deepEqual(words(parseNginxText('return 200 a\\;b\\ c;')), [['return', '200', 'a\\;b\\ c']]);
    assert.deepEqual(words(parseNginxText("x 'it\\'s' \"q\"w;")), [['x', "'it\\'s'", '"q"', 'w']]);
    assert.deepEqual(words(parseNginxText('a b#c;\n# d;\ne;')), [['a', 'b#c'], ['e']]);
    assert.deepEqual(words(parseNginxText('x\u00a0y;')), [['x', 'y']]);
  });

  it('keeps blocks, offsets and unclosed input', () => {
    const [server] = parseNginxText('server {\n  listen 80;\n}\n');
    assert.equal(server.start, 0);
    assert.equal(server.end, 23);
    assert.deepEqual(server.block && [server.block.open, server.block.close], [7, 22]);
    assert.deepEqual(words(server.block!.children), [['listen', '80']]);
    assert.equal(server.block!.children[0].parent, server);
    assert.deepEqual(words(parseNginxText('a "open;\nb;')), []);
    assert.deepEqual(words(parseNginxText('a ${open;\nb;')), []);
    const [lone] = parseNginxText('a \\');
    assert.equal(lone, undefined);
  });
});
