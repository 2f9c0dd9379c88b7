import { type ApacheArg, type ApacheComment, type ApacheFile, type ApacheNode, type ApacheParseError, type ApacheSection, KNOWN_SECTIONS } from './ast';
import type { Position } from '../../core/range';
import { LineIndex } from '../nginx/line-index';
import { fileEndOffset, fileOffset, forEachLogicalLine, type LogicalLine } from './logical-lines';
import { splitWords, type Word } from './words';

/**
 * Sections nested deeper than this are still matched tag for tag, but their
 * contents are dropped with one error: code walking the tree must not run out
 * of stack on hostile input, and real configurations nest a handful of levels.
 */
export const MAX_SECTION_DEPTH = 128;
/** Past this many errors in one file the rest are summarised in one. */
export const MAX_ERRORS = 100;

interface Frame {
  section: ApacheSection | null;
  children: ApacheNode[];
  /** Contents are not kept (too deep). */
  dropped: boolean;
  depth: number;
}

/** Parses one Apache configuration file (or `.htaccess`). Never throws: problems are in `errors`. */
export function parseApache(text: string, path: string): ApacheFile {
  const lines = new LineIndex(text);
  const nodes: ApacheNode[] = [];
  const comments: ApacheComment[] = [];
  const errors: ApacheParseError[] = [];
  let extraErrors = 0;
  const fail = (message: string, start: number, end: number): void => {
    if (errors.length < MAX_ERRORS) errors.push({ message, range: lines.range(start, end) });
    else extraErrors++;
  };

  const nul = text.indexOf('\0');
  if (nul >= 0) {
    fail('the file contains a NUL byte: it looks binary, not like an Apache configuration', nul, nul + 1);
    return { path, text, nodes, comments, errors };
  }

  const stack: Frame[] = [{ section: null, children: nodes, dropped: false, depth: 0 }];
  let depthReported = false;

  // Ranges that start or end at the same offset share one position object: a large file holds millions of them.
  const toArgs = (line: LogicalLine, words: Word[], from: number, lineEnd: Position): ApacheArg[] => {
    // Sized up front: a grown array keeps spare capacity for as long as the tree lives.
    const args = new Array<ApacheArg>(words.length - from);
    for (let k = from; k < words.length; k++) {
      const w = words[k];
      const start = fileOffset(line, w.start);
      const end = fileEndOffset(line, w.end);
      if (w.unterminated) fail(`unterminated ${w.quote === '"' ? 'double' : 'single'} quote: Apache reads the rest of the line as this argument`, start, end);
      // An unquoted word with nothing unescaped is its own raw text.
      const raw = w.quote === null && w.value.length === w.end - w.start ? w.value : line.text.slice(w.start, w.end);
      args[k - from] = { value: w.value, raw, quote: w.quote, range: { start: lines.position(start), end: end === lineEnd.offset ? lineEnd : lines.position(end) } };
    }
    return args;
  };
  const keys = new Map<string, string>();
  const keyOf = (name: string): string => {
    let key = keys.get(name);
    if (key === undefined) keys.set(name, (key = name.toLowerCase()));
    return key;
  };

  const closeFrame = (frame: Frame, endOffset: number, close?: { start: number; end: number }): void => {
    const s = frame.section;
    if (!s) return;
    const end = lines.position(endOffset);
    if (close) s.close = { start: lines.position(close.start), end: close.end === endOffset ? end : lines.position(close.end) };
    s.range = { start: s.open.start, end };
  };

  forEachLogicalLine(text, (line) => {
    const t = line.text;
    const start = fileOffset(line, 0);
    if (t[0] === '#') {
      comments.push({ text: t.slice(1), range: lines.range(start, line.end) });
      return;
    }
    const top = stack[stack.length - 1];
    if (t.startsWith('</')) {
      const gt = t.indexOf('>');
      const name = (gt < 0 ? t.slice(2) : t.slice(2, gt)).trim();
      if (gt < 0) fail(`</${name}> is missing its closing '>'`, start, line.end);
      const key = name.toLowerCase();
      let k = stack.length - 1;
      while (k > 0 && stack[k].section?.key !== key) k--;
      if (k === 0) {
        const open = top.section ? ` (the open section is <${top.section.name}>)` : '';
        fail(`</${name}> without a matching <${name}>${open}`, start, line.end);
        return;
      }
      for (let j = stack.length - 1; j > k; j--) {
        const inner = stack[j].section!;
        fail(`Expected </${inner.name}> but saw </${name}>: <${inner.name}> is not closed`, inner.open.start.offset, inner.open.end.offset);
        closeFrame(stack[j], start);
      }
      closeFrame(stack[k], line.end, { start, end: line.end });
      stack.length = k;
      return;
    }
    if (t[0] === '<') {
      let nameEnd = 1;
      while (nameEnd < t.length && !/[\s>]/.test(t[nameEnd])) nameEnd++;
      const name = t.slice(1, nameEnd);
      const gt = t.lastIndexOf('>');
      if (gt < nameEnd) fail(`<${name}> directive missing closing '>'`, start, line.end);
      const argsEnd = gt < nameEnd ? t.length : gt;
      const open = lines.range(start, line.end);
      const section: ApacheSection = {
        kind: 'section',
        name,
        key: keyOf(name),
        nameRange: lines.range(fileOffset(line, 1), fileEndOffset(line, nameEnd)),
        args: toArgs(line, splitWords(t, nameEnd, argsEnd), 0, open.end),
        open,
        children: [],
        range: { start: open.start, end: open.end },
        file: path,
      };
      if (name === '') fail('a section tag needs a name after "<"', start, line.end);
      else if (!KNOWN_SECTIONS.has(section.key)) fail(`<${name}> is not a section Apache knows: it refuses to start ("Invalid command '<${name}'")`, start, fileEndOffset(line, nameEnd));
      const depth = top.depth + 1;
      const dropped = top.dropped || depth > MAX_SECTION_DEPTH;
      if (dropped && !top.dropped && !depthReported) {
        depthReported = true;
        fail(`sections nested deeper than ${MAX_SECTION_DEPTH} levels: their contents are not analysed`, start, line.end);
      }
      if (!top.dropped) top.children.push(section);
      stack.push({ section, children: section.children, dropped, depth });
      return;
    }
    if (top.dropped) return;
    const words = splitWords(t);
    const first = words[0];
    const nameEnd = fileEndOffset(line, first.end);
    const from = lines.position(start);
    const to = lines.position(line.end);
    top.children.push({
      kind: 'directive',
      name: first.value,
      key: keyOf(first.value),
      nameRange: { start: from, end: nameEnd === line.end ? to : lines.position(nameEnd) },
      args: toArgs(line, words, 1, to),
      range: { start: from, end: to },
      file: path,
    });
  });

  const lastOffset = text.length;
  for (let j = stack.length - 1; j > 0; j--) {
    const s = stack[j].section!;
    fail(`<${s.name}> is never closed: expected </${s.name}> before the end of the file`, s.open.start.offset, s.open.end.offset);
    closeFrame(stack[j], lastNodeEnd(s) ?? lastOffset);
  }
  if (extraErrors > 0) {
    errors.push({ message: `${extraErrors} more syntax errors in this file are not listed`, range: lines.range(text.length, text.length) });
  }
  return { path, text, nodes, comments, errors };
}

function lastNodeEnd(s: ApacheSection): number | undefined {
  const last = s.children[s.children.length - 1];
  return last ? last.range.end.offset : s.open.end.offset;
}
