/** Zero-based position, as LSP counts it (character = UTF-16 code unit), plus the absolute offset. */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a file: every model value and every finding points at one. */
export interface Span {
  file: string;
  range: Range;
}

export function position(line: number, character: number, offset: number): Position {
  return { line, character, offset };
}

export function comparePositions(a: Position, b: Position): number {
  return a.offset - b.offset;
}

export function compareSpans(a: Span, b: Span): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset;
}
