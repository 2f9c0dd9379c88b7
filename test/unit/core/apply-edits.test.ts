import * as assert from 'node:assert/strict';
import { applyEdits, compatibleFixes } from '../../../server/src/core/apply-edits';

const e = (start: number, end: number, newText: string, file = 'a') => ({ file, start, end, newText });

describe('applyEdits', () => {
  it('applies edits in any order, last first', () => {
    assert.equal(applyEdits('add_header A 1;', [e(13, 14, '2'), e(14, 14, ' always')]), 'add_header A 2 always;');
    assert.equal(applyEdits('abc', [e(0, 0, 'x'), e(3, 3, 'y')]), 'xabcy');
  });
  it('refuses overlapping and out-of-range edits', () => {
    assert.throws(() => applyEdits('abcdef', [e(0, 3, 'x'), e(2, 4, 'y')]), /overlap/);
    assert.throws(() => applyEdits('abc', [e(2, 9, 'x')]), /outside/);
  });
  it('picks fixes that can go in together, in order', () => {
    const fixes = [
      { title: 'one', edits: [e(0, 2, 'x')] },
      { title: 'clash', edits: [e(1, 3, 'y')] },
      { title: 'other file', edits: [e(1, 3, 'y', 'b')] },
      { title: 'same point', edits: [e(5, 5, 'p'), e(9, 9, 'q')] },
      { title: 'same point again', edits: [e(9, 9, 'r')] },
    ];
    assert.deepEqual(compatibleFixes(fixes).map((f) => f.title), ['one', 'other file', 'same point']);
  });
});
