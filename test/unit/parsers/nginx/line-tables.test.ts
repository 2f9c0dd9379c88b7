import * as assert from 'node:assert/strict';
import { TextPositions } from '../../../../server/src/lsp/text-positions';
import { LineIndex } from '../../../../server/src/parsers/nginx/line-index';

/** Line and column of every offset, counted one character at a time: `\n`, `\r\n` (once) and a lone `\r` end a line. */
function slowPositions(text: string): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, character });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  return out;
}

describe('line tables (parser and editor)', () => {
  const texts = ['', 'a', '\n', 'a\nbc\n', 'a\r\nb\r\n\r\nc', 'a\rb\r\rc', 'mixed\n\r\n\rend', 'x\n'.repeat(50)];
  for (const text of texts) {
    it(`place every offset of ${JSON.stringify(text.slice(0, 20))} where the editor does`, () => {
      const expected = slowPositions(text);
      const index = new LineIndex(text);
      const positions = new TextPositions(text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(index.position(offset), { ...expected[offset], offset }, `LineIndex at ${offset}`);
        assert.deepEqual(positions.at(offset), expected[offset], `TextPositions at ${offset}`);
      }
    });
  }
});
