import * as assert from 'node:assert/strict';
import type { Position, Range } from '../../../../server/src/core/range';
import type { Directive, NginxFile } from '../../../../server/src/parsers/nginx/ast';
import { parseNginx } from '../../../../server/src/parsers/nginx/parser';

/** Positions computed the slow, obvious way, to check the parser's fast ones. */
function expectedPosition(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart, offset };
}

function checkRange(file: NginxFile, range: Range, what: string): void {
  assert.ok(range.start.offset <= range.end.offset, `${what}: start after end`);
  assert.ok(range.end.offset <= file.text.length, `${what}: past the end`);
  assert.deepEqual(range.start, expectedPosition(file.text, range.start.offset), `${what}: start`);
  assert.deepEqual(range.end, expectedPosition(file.text, range.end.offset), `${what}: end`);
}

function within(inner: Range, outer: Range): boolean {
  return outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset;
}

function checkDirectives(file: NginxFile, list: Directive[], parent: Range | null): void {
  let previousEnd = parent ? parent.start.offset : 0;
  for (const d of list) {
    checkRange(file, d.range, `range of ${d.name}`);
    checkRange(file, d.nameRange, `name of ${d.name}`);
    assert.ok(d.range.start.offset >= previousEnd, `${d.name} overlaps the directive before it`);
    previousEnd = d.range.end.offset;
    if (parent) assert.ok(within(d.range, parent), `${d.name} outside its block`);
    assert.equal(d.range.start.offset, d.nameRange.start.offset);
    let argEnd = d.nameRange.end.offset;
    for (const a of d.args) {
      checkRange(file, a.range, `arg of ${d.name}`);
      assert.ok(a.range.start.offset >= argEnd, 'args out of order');
      argEnd = a.range.end.offset;
      assert.ok(within(a.range, d.range), 'arg outside its directive');
      assert.equal(file.text.slice(a.range.start.offset, a.range.end.offset), a.raw);
      if (!a.raw.includes('\\')) {
        const inner = a.quote && a.raw.endsWith(a.quote) && a.raw.length > 1 ? a.raw.slice(1, -1) : a.quote ? a.raw.slice(1) : a.raw;
        assert.equal(a.value, inner);
      }
      for (const v of a.variables) {
        checkRange(file, v.range, 'variable');
        assert.ok(within(v.range, a.range), 'variable outside its arg');
        assert.ok(file.text.slice(v.range.start.offset, v.range.end.offset).includes(v.name));
      }
    }
    if (d.block) {
      checkRange(file, d.block.open, 'block open');
      checkRange(file, d.block.close, 'block close');
      assert.equal(file.text[d.block.open.start.offset], '{');
      assert.ok(within(d.block.open, d.range) && within(d.block.close, d.range));
      checkDirectives(file, d.block.directives, d.range);
    }
    if (d.rawBody) {
      checkRange(file, d.rawBody.range, 'raw body');
      assert.equal(file.text.slice(d.rawBody.range.start.offset, d.rawBody.range.end.offset), d.rawBody.text);
    }
  }
}

/** A small deterministic generator, so a failure can be replayed from its seed. */
function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

const PIECES = [
  'a', 'add_header', 'location', 'if', '($x', '=', 'y)', ' ', ' ', ' ', '\n', '\r\n', '\r', '\t', ';', ';', '{', '}', '"', "'", '"q s"', "'r'",
  '\\', '\\"', '$v', '${w}', '$', '#c', '#', 'é', '😀', '\0', 'content_by_lua_block {', '--', '[[', ']]', '[=[', 'x}', ')', '(',
];

describe('nginx parser: invariants on generated input', () => {
  it('never throws and keeps every range exact and nested, over 3,000 generated files', function () {
    this.timeout(60000);
    for (let seed = 1; seed <= 3000; seed++) {
      const next = generator(seed);
      const text = Array.from({ length: 1 + next(60) }, () => PIECES[next(PIECES.length)]).join('');
      let file: NginxFile;
      try {
        file = parseNginx(text, 'gen.conf');
      } catch (err) {
        assert.fail(`seed ${seed} threw ${String(err)} on ${JSON.stringify(text)}`);
      }
      try {
        checkDirectives(file, file.directives, null);
        for (const c of file.comments) {
          checkRange(file, c.range, 'comment');
          assert.equal(file.text.slice(c.range.start.offset, c.range.end.offset), '#' + c.text);
        }
        for (const e of file.errors) {
          checkRange(file, e.range, 'error');
          assert.ok(e.message.length > 0);
        }
      } catch (err) {
        throw new Error(`seed ${seed} on ${JSON.stringify(text)}: ${(err as Error).message}`);
      }
    }
  });
});
