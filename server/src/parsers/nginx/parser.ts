import type { Arg, Block, Comment, Directive, NginxFile, ParseError, VariableRef } from './ast';
import { Lexer, type WordToken } from './lexer';
import { LineIndex } from './line-index';
import { scanLuaBody } from './lua-block';
import { findVariables } from './variables';

/**
 * Blocks nested deeper than this are still matched brace for brace but their
 * content is dropped with one error: real configs nest a handful of levels,
 * and code walking the tree recursively must not run out of stack.
 */
export const MAX_BLOCK_DEPTH = 256;
/** Past this many syntax errors in one file (a binary file, say) the rest are summarised in one. */
export const MAX_ERRORS = 100;

interface Pending {
  name: WordToken;
  args: WordToken[];
}

interface Frame {
  directives: Directive[] | null;
  owner: Directive | null;
  depth: number;
}

/** Most arguments hold no variable: they share one frozen empty list. */
const NO_VARIABLES: VariableRef[] = Object.freeze([]) as unknown as VariableRef[];

/** Directive names are lower case; words that are common argument values are not taken for one. */
const DIRECTIVE_NAME = /^[a-z_][a-z0-9_]*$/;
const ARGUMENT_WORDS = new Set(['always', 'on', 'off', 'all', 'none', 'any', 'redirect', 'permanent']);
const REGEX_OPERATORS = new Set(['~', '~*', '!~', '!~*']);

/** Whether nginx reads variables in this argument (it does not in regexes and location or server names). */
function argHoldsVariables(name: string, index: number, args: WordToken[]): boolean {
  if (name === 'location' || name === 'server_name') return false;
  if (name === 'rewrite') return index !== 0;
  if (name === 'if' && index > 0 && REGEX_OPERATORS.has(args[index - 1].value)) return false;
  return true;
}

/** Parses one nginx configuration file. Never throws: problems are returned in `errors`. */
export function parseNginx(text: string, path: string): NginxFile {
  const lines = new LineIndex(text);
  const lexer = new Lexer(text);
  const errors: Array<{ message: string; start: number; end: number }> = [];
  const top: Directive[] = [];
  const stack: Frame[] = [{ directives: top, owner: null, depth: 0 }];
  let pending: Pending | null = null;
  let depthReported = false;

  if (text.charCodeAt(0) === 0xfeff) {
    // nginx reads the mark as part of the first directive name and fails ("unknown directive").
    errors.push({ message: 'the file starts with a UTF-8 byte order mark: nginx takes it for part of the first directive name and fails; save the file without it', start: 0, end: 1 });
    lexer.skipTo(1, true);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    errors.push({ message: 'the file contains a NUL byte: it looks binary, not like an nginx configuration', start: nul, end: nul + 1 });
  }

  const toArg = (name: string, tok: WordToken, index: number, all: WordToken[]): Arg => {
    const valueStart = tok.quote ? tok.start + 1 : tok.start;
    return {
      value: tok.value,
      // A bare word without escapes is written as nginx reads it: one string serves both.
      raw: tok.quote === null && !tok.offsets ? tok.value : text.slice(tok.start, tok.end),
      quote: tok.quote,
      range: lines.range(tok.start, tok.end),
      variables: (argHoldsVariables(name, index, all) && findVariables(tok.value, valueStart, tok.offsets, lines)) || NO_VARIABLES,
    };
  };

  const build = (p: Pending, end: number): Directive => {
    const name = p.name.value;
    const nameRange = lines.range(p.name.start, p.name.end);
    return {
      kind: 'directive',
      name,
      nameRange,
      args: p.args.map((t, i) => toArg(name, t, i, p.args)),
      // Positions are never mutated: the directive shares its start with its name.
      range: { start: nameRange.start, end: lines.position(end) },
      file: path,
    };
  };

  const lastEnd = (p: Pending): WordToken => (p.args.length ? p.args[p.args.length - 1] : p.name);

  /** Ends a directive that lacks its `;`, reporting it at its last word. */
  const finishWithoutSemicolon = (p: Pending, why: string): void => {
    const last = lastEnd(p);
    // An unterminated string already has its error; the lost `;` is part of the same mistake.
    if (!last.unterminated) errors.push({ message: `missing ";" after "${p.name.value}" ${why}`, start: last.start, end: last.end });
    const frame = stack[stack.length - 1];
    frame.directives?.push(build(p, last.end));
  };

  for (;;) {
    const tok = lexer.next();
    const frame = stack[stack.length - 1];
    if (tok.kind === 'word') {
      if (!pending) {
        pending = { name: tok, args: [] };
        continue;
      }
      // A bare identifier opening a line at or left of the directive's own column is
      // almost surely the next directive after a forgotten `;` (nginx would glue them).
      const name = pending.name;
      if (tok.startsLine && name.startsLine && tok.quote === null && DIRECTIVE_NAME.test(tok.value) && !ARGUMENT_WORDS.has(tok.value) &&
          lines.position(tok.start).character <= lines.position(name.start).character) {
        finishWithoutSemicolon(pending, '(the next line starts a new directive)');
        pending = { name: tok, args: [] };
        continue;
      }
      pending.args.push(tok);
      continue;
    }
    if (tok.kind === ';') {
      if (!pending) {
        errors.push({ message: 'unexpected ";": there is no directive to end here', start: tok.start, end: tok.end });
        continue;
      }
      frame.directives?.push(build(pending, tok.end));
      pending = null;
      continue;
    }
    if (tok.kind === '{') {
      const depth = frame.depth + 1;
      if (!pending) {
        errors.push({ message: 'unexpected "{": a block needs a directive name before it (its content is ignored)', start: tok.start, end: tok.end });
        stack.push({ directives: null, owner: null, depth });
        continue;
      }
      const d = build(pending, tok.end);
      const p = pending;
      pending = null;
      if (p.name.value.endsWith('_by_lua_block')) {
        const scan = scanLuaBody(text, tok.end);
        const close = scan.close >= 0 ? scan.close : text.length;
        if (scan.close < 0) {
          errors.push({ message: `unclosed "${p.name.value}": the "}" that ends its Lua code is missing`, start: tok.start, end: tok.end });
        }
        d.rawBody = { text: text.slice(tok.end, close), range: lines.range(tok.end, close) };
        d.range = lines.range(p.name.start, scan.close >= 0 ? close + 1 : close);
        frame.directives?.push(d);
        lexer.skipTo(scan.close >= 0 ? close + 1 : close);
        continue;
      }
      const open = lines.range(tok.start, tok.end);
      d.block = { directives: [], open, close: open };
      let keep = frame.directives !== null;
      if (keep && depth > MAX_BLOCK_DEPTH) {
        keep = false;
        if (!depthReported) {
          depthReported = true;
          errors.push({ message: `blocks nested deeper than ${MAX_BLOCK_DEPTH} levels: the content of the deeper ones is ignored`, start: tok.start, end: tok.end });
        }
      }
      if (keep) frame.directives!.push(d);
      stack.push({ directives: keep ? d.block.directives : null, owner: keep ? d : null, depth });
      continue;
    }
    if (tok.kind === '}') {
      if (pending) {
        finishWithoutSemicolon(pending, '(before "}")');
        pending = null;
      }
      if (stack.length === 1) {
        errors.push({ message: 'unexpected "}": no block is open here', start: tok.start, end: tok.end });
        continue;
      }
      stack.pop();
      if (frame.owner) {
        const block = frame.owner.block as Block;
        block.close = lines.range(tok.start, tok.end);
        frame.owner.range = { start: frame.owner.range.start, end: block.close.end };
      }
      continue;
    }
    // End of file.
    if (pending) {
      finishWithoutSemicolon(pending, '(the file ends here)');
      pending = null;
    }
    const eof = lines.position(text.length);
    for (let i = stack.length - 1; i > 0; i--) {
      const f = stack[i];
      if (!f.owner) continue;
      const block = f.owner.block as Block;
      errors.push({ message: `unclosed block "${f.owner.name}": the file ends before its "}"`, start: block.open.start.offset, end: block.open.end.offset });
      f.owner.range = { start: f.owner.range.start, end: eof };
    }
    break;
  }

  const all = [...errors, ...lexer.errors].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: ParseError[] = all.slice(0, MAX_ERRORS).map((e) => ({ message: e.message, range: lines.range(e.start, e.end) }));
  if (all.length > MAX_ERRORS) {
    const next = all[MAX_ERRORS];
    out.push({ message: `${all.length - MAX_ERRORS} more syntax errors not listed`, range: lines.range(next.start, next.end) });
  }
  const comments: Comment[] = lexer.comments.map((c) => ({ text: c.text, range: lines.range(c.start, c.end) }));
  return { path, text, directives: top, comments, errors: out };
}

