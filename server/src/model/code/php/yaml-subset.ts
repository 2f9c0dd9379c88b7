import type { Span } from '../../../core/range';

/**
 * The part of YAML that bundle configuration files use: nested block maps,
 * block lists (`- x`), one-line flow lists (`['a', "b"]`), quoted and plain
 * scalars, `~`/`null`, and `#` comments. Anything else reads as a plain
 * scalar of its text, never as an error: a bad file gives less, not a crash.
 */
export type YamlNode =
  | { kind: 'map'; entries: YamlEntry[]; at: Span }
  | { kind: 'list'; items: YamlNode[]; at: Span }
  | { kind: 'scalar'; value: string | number | boolean | null; quoted: boolean; at: Span };

export interface YamlEntry {
  key: string;
  value: YamlNode;
  /** The whole `key: value` line (or block), for fixes and findings. */
  at: Span;
  keyAt: Span;
}

interface Line {
  indent: number;
  text: string;
  line: number;
  /** Offset of the first character of `text` in the file. */
  offset: number;
}

const MAX_LINES = 20_000;

export function parseYamlSubset(file: string, source: string): YamlNode | undefined {
  const lines: Line[] = [];
  let offset = 0;
  const raw = source.split('\n');
  for (let i = 0; i < raw.length && i < MAX_LINES; i++) {
    const full = raw[i].replace(/\r$/, '');
    const text = stripComment(full).trimEnd();
    const indent = /^ */.exec(full)![0].length;
    if (text.trim() !== '' && !text.trim().startsWith('---')) lines.push({ indent, text: text.slice(indent), line: i, offset: offset + indent });
    offset += raw[i].length + 1;
  }
  const span = (l: Line, start: number, end: number): Span => ({
    file,
    range: { start: { line: l.line, character: l.indent + start, offset: l.offset + start }, end: { line: l.line, character: l.indent + end, offset: l.offset + end } },
  });
  let pos = 0;

  const block = (indent: number): YamlNode | undefined => {
    const first = lines[pos];
    if (!first || first.indent < indent) return undefined;
    const at = first.indent;
    if (first.text.startsWith('- ') || first.text === '-') {
      const items: YamlNode[] = [];
      while (pos < lines.length && lines[pos].indent === at && (lines[pos].text.startsWith('- ') || lines[pos].text === '-')) {
        const l = lines[pos++];
        const rest = l.text.slice(1).trimStart();
        items.push(rest === '' ? block(at + 1) ?? scalarNode(l, span, 1, 1) : scalarNode(l, span, l.text.length - rest.length, l.text.length));
      }
      return { kind: 'list', items, at: span(first, 0, first.text.length) };
    }
    const entries: YamlEntry[] = [];
    while (pos < lines.length && lines[pos].indent === at) {
      const l = lines[pos];
      const m = /^('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^'"\s][^:]*?)\s*:(?:\s+|$)/.exec(l.text);
      if (!m) {
        pos++;
        continue;
      }
      pos++;
      const key = unquote(m[1]);
      const keyAt = span(l, 0, m[1].length);
      const rest = l.text.slice(m[0].length);
      let value: YamlNode;
      let end = span(l, 0, l.text.length);
      if (rest === '') {
        const child = lines[pos] && lines[pos].indent > at ? block(lines[pos].indent) : undefined;
        value = child ?? { kind: 'scalar', value: null, quoted: false, at: keyAt };
        if (child) end = { ...end, range: { start: end.range.start, end: child.at.range.end } };
      } else {
        value = scalarNode(l, span, m[0].length, l.text.length);
      }
      entries.push({ key, value, at: end, keyAt });
    }
    return { kind: 'map', entries, at: span(first, 0, first.text.length) };
  };

  try {
    return block(0);
  } catch {
    return undefined;
  }
}

function scalarNode(l: Line, span: (l: Line, s: number, e: number) => Span, start: number, end: number): YamlNode {
  const text = l.text.slice(start, end).trim();
  const at = span(l, start, end);
  if (text.startsWith('[') && text.endsWith(']')) {
    const items: YamlNode[] = [];
    const inner = text.slice(1, -1);
    const re = /\s*('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^,]+?)\s*(?:,|$)/g;
    let m: RegExpExecArray | null;
    const base = start + l.text.slice(start).indexOf('[') + 1;
    while ((m = re.exec(inner)) !== null && m[0] !== '') {
      const itemStart = base + m.index + m[0].indexOf(m[1]);
      items.push({ ...scalar(m[1]), at: span(l, itemStart, itemStart + m[1].length) });
      if (re.lastIndex >= inner.length) break;
    }
    return { kind: 'list', items, at };
  }
  return { ...scalar(text), at };
}

function scalar(text: string): { kind: 'scalar'; value: string | number | boolean | null; quoted: boolean } {
  if (/^'.*'$/s.test(text) || /^".*"$/s.test(text)) return { kind: 'scalar', value: unquote(text), quoted: true };
  if (text === '~' || text === 'null' || text === 'Null' || text === 'NULL' || text === '') return { kind: 'scalar', value: null, quoted: false };
  if (/^(true|True|TRUE)$/.test(text)) return { kind: 'scalar', value: true, quoted: false };
  if (/^(false|False|FALSE)$/.test(text)) return { kind: 'scalar', value: false, quoted: false };
  if (/^-?\d+$/.test(text)) return { kind: 'scalar', value: Number(text), quoted: false };
  return { kind: 'scalar', value: text, quoted: false };
}

function unquote(text: string): string {
  if (/^'.*'$/s.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^".*"$/s.test(text)) return text.slice(1, -1).replace(/\\(["\\/])/g, '$1').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  return text;
}

/** A `#` starts a comment at the line start or after a space, outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote && !(quote === '"' && line[i - 1] === '\\')) quote = undefined;
    } else if (c === "'" || c === '"') {
      if (i === 0 || /[\s:[,-]/.test(line[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

export function entry(node: YamlNode | undefined, key: string): YamlEntry | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}
