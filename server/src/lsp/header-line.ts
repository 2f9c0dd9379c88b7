import type { Dialect } from './header-docs';

export interface LineToken {
  text: string;
  start: number;
  end: number;
}

/** The parts of an nginx `add_header` or Apache `Header` line, by role. */
export interface HeaderLine {
  dialect: Dialect;
  directive: LineToken;
  name?: LineToken;
  value?: LineToken;
  /** Index into `tokens` of the header name (the value follows it). */
  nameIndex: number;
  tokens: LineToken[];
}

/** Apache `Header` actions that take a value after the name. */
const APACHE_ACTIONS = new Set(['set', 'add', 'append', 'merge', 'setifempty', 'unset', 'echo', 'edit', 'edit*', 'note']);

/**
 * Splits a config line into words, keeping quoted strings whole; stops at a
 * comment and, for nginx, at the `;` that ends the directive.
 *
 * tokenize('add_header Vary "Origin" always;') → ['add_header', 'Vary', '"Origin"', 'always']
 */
export function tokenize(line: string): LineToken[] {
  const tokens: LineToken[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#' || c === ';' || c === '{' || c === '}') break;
    const start = i;
    if (c === '"' || c === "'") {
      i++;
      while (i < line.length && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, line.length);
    } else {
      while (i < line.length && !/[\s;{}]/.test(line[i])) i += variableLength(line, i);
    }
    tokens.push({ text: line.slice(start, Math.min(i, line.length)), start, end: Math.min(i, line.length) });
  }
  return tokens;
}

/** `${name}` (nginx) and `%{NAME}e` (Apache) hold braces that do not open a block. */
function variableLength(line: string, i: number): number {
  if (line[i] === '\\') return 2;
  if ((line[i] === '$' || line[i] === '%') && line[i + 1] === '{') {
    // Only a name may stand between the braces: a scan that stops at the first other character keeps long lines linear.
    let j = i + 2;
    while (j < line.length && /[\w:.-]/.test(line[j])) j++;
    if (line[j] === '}') return j + 1 - i;
  }
  return 1;
}

/**
 * Recognises a header line.
 *
 * parseHeaderLine('  Header always set Vary Origin').name.text === 'Vary'
 */
export function parseHeaderLine(line: string): HeaderLine | undefined {
  const tokens = tokenize(line);
  const first = tokens[0];
  if (!first) return undefined;
  const word = first.text.toLowerCase();
  if (first.text === 'add_header' || first.text === 'proxy_hide_header' || first.text === 'more_set_headers') {
    return { dialect: 'nginx', directive: first, name: tokens[1], value: tokens[2], nameIndex: 1, tokens };
  }
  if (word === 'header') {
    let i = 1;
    const condition = tokens[i]?.text.toLowerCase();
    if (condition === 'always' || condition === 'onsuccess') i++;
    // Without a complete action yet, the word at `i` is the action being typed.
    if (!tokens[i] || !APACHE_ACTIONS.has(tokens[i].text.toLowerCase()) || (i === tokens.length - 1 && !/\s$/.test(line))) {
      return { dialect: 'apache', directive: first, nameIndex: i + 1, tokens };
    }
    i++;
    return { dialect: 'apache', directive: first, name: tokens[i], value: tokens[i + 1], nameIndex: i, tokens };
  }
  return undefined;
}

/** Which argument the cursor is in or about to type. */
export type CursorRole = 'directive' | 'condition' | 'action' | 'name' | 'value' | 'after';

export function roleAt(parsed: HeaderLine, character: number): { role: CursorRole; token?: LineToken } {
  const index = parsed.tokens.findIndex((t) => character >= t.start && character <= t.end);
  // Between words the cursor starts the next argument.
  const position = index >= 0 ? index : parsed.tokens.filter((t) => t.end < character).length;
  const token = index >= 0 ? parsed.tokens[index] : undefined;
  if (position === 0) return { role: 'directive', token };
  if (position === parsed.nameIndex) return { role: 'name', token };
  if (position === parsed.nameIndex + 1) return { role: 'value', token };
  if (position > parsed.nameIndex + 1) return { role: 'after', token };
  // Apache: `always`/`onsuccess` or the action, before the name.
  return { role: position === 1 ? 'condition' : 'action', token };
}
