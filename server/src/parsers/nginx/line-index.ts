import type { Position, Range } from '../../core/range';

/**
 * Turns string offsets into LSP positions. Line breaks are counted the way LSP
 * clients count them (`\n`, `\r\n` and a lone `\r`), so ranges land where the
 * editor shows the text even though nginx itself only counts `\n`.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private hint = 0;

  constructor(private readonly text: string) {
    // Most texts have no \r: then searching for \n (a fast native scan) finds every line.
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  lineOf(offset: number): number {
    const starts = this.starts;
    // Callers mostly ask in increasing order: try the last answer and its neighbour first.
    let h = this.hint;
    if (starts[h] <= offset) {
      if (h + 1 >= starts.length || starts[h + 1] > offset) return h;
      if (h + 2 >= starts.length || starts[h + 2] > offset) return (this.hint = h + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line], offset: o };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
