import type { Arg, Block, Comment, Directive, NginxFile, ParseError, VariableRef } from './ast';
import { ArgNode, BlockNode, DirectiveNode } from './lazy-nodes';
import { Lexer } from './lexer';
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

/** The directive being read: its name, the arguments so far, and where its last word is. */
interface Pending {
  name: string;
  nameStart: number;
  nameEnd: number;
  nameStartsLine: boolean;
  args: Arg[];
  lastStart: number;
  lastEnd: number;
  lastUnterminated: boolean;
}

interface Frame {
  directives: Directive[] | null;
  owner: DirectiveNode | null;
  depth: number;
  /** Inside a block a skeleton parse leaves unread. */
  skipped: boolean;
}

/** Most arguments hold no variable: they share one frozen empty list. */
const NO_VARIABLES: VariableRef[] = Object.freeze([]) as unknown as VariableRef[];

/** Directive names are lower case; words that are common argument values are not taken for one. */
const DIRECTIVE_NAME = /^[a-z_][a-z0-9_]*$/;
const ARGUMENT_WORDS = new Set(['always', 'on', 'off', 'all', 'none', 'any', 'redirect', 'permanent']);
const REGEX_OPERATORS = new Set(['~', '~*', '!~', '!~*']);

/** Whether nginx reads variables in this argument (it does not in regexes and location or server names). */
function argHoldsVariables(name: string, index: number, args: Arg[]): boolean {
  if (name === 'location' || name === 'server_name') return false;
  if (name === 'rewrite') return index !== 0;
  if (name === 'if' && index > 0 && REGEX_OPERATORS.has(args[index - 1].value)) return false;
  return true;
}

export interface ParseOptions {
  /**
   * Leave unread the inside of each `server` block at the top or in `http`: its
   * words are still lexed (errors are the same), only no nodes are made. What
   * the model needs of it without reading it is kept in `NginxFile.skeleton`.
   */
  skeleton?: boolean;
}

interface RawError {
  message: string;
  start: number;
  end: number;
}

/** Parses one nginx configuration file. Never throws: problems are returned in `errors`. */
export function parseNginx(text: string, path: string, options: ParseOptions = {}): NginxFile {
  const lines = new LineIndex(text);
  const lexer = new Lexer(text);
  const errors: RawError[] = [];
  const top: Directive[] = [];
  const skeleton = options.skeleton ? { sets: [] as string[], includes: false } : undefined;

  if (text.charCodeAt(0) === 0xfeff) {
    // nginx reads the mark as part of the first directive name and fails ("unknown directive").
    errors.push({ message: 'the file starts with a UTF-8 byte order mark: nginx takes it for part of the first directive name and fails; save the file without it', start: 0, end: 1 });
    lexer.skipTo(1, true);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    errors.push({ message: 'the file contains a NUL byte: it looks binary, not like an nginx configuration', start: nul, end: nul + 1 });
  }
  readDirectives({ text, path, lines, lexer, errors, skeleton }, { directives: top, owner: null, depth: 0, skipped: false }, false);

  const all = [...errors, ...lexer.errors].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: ParseError[] = all.slice(0, MAX_ERRORS).map((e) => ({ message: e.message, range: lines.range(e.start, e.end) }));
  if (all.length > MAX_ERRORS) {
    const next = all[MAX_ERRORS];
    out.push({ message: `${all.length - MAX_ERRORS} more syntax errors not listed`, range: lines.range(next.start, next.end) });
  }
  const comments: Comment[] = lexer.comments.map((c) => ({ text: c.text, range: lines.range(c.start, c.end) }));
  const file: NginxFile = { path, text, directives: top, comments, errors: out };
  if (skeleton) {
    file.skeleton = {
      sets: skeleton.sets,
      includes: skeleton.includes,
      read(server) {
        const block = server.block;
        if (!(server instanceof DirectiveNode) || !(block instanceof BlockNode) || block.directives.length > 0 || !block.closed) return;
        // The same reader over the block's inside, as the full parse would have read it there.
        const inner = new Lexer(text);
        inner.skipTo(block.openEnd);
        const depth = top.includes(server) ? 1 : 2;
        readDirectives({ text, path, lines, lexer: inner, errors: [], skeleton: undefined }, { directives: block.directives, owner: null, depth, skipped: false }, true);
      },
    };
  }
  return file;
}

interface Reading {
  text: string;
  path: string;
  lines: LineIndex;
  lexer: Lexer;
  errors: RawError[];
  /** Set for a skeleton parse: what the unread blocks hold that the model asks about. */
  skeleton: { sets: string[]; includes: boolean } | undefined;
}

/** Stands for the arguments of directives inside an unread block. */
const UNREAD_ARG: Arg = Object.freeze({ value: '', raw: '', quote: null, variables: NO_VARIABLES, range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } } });

/**
 * Reads directives into the frame until the end of the text, or, for the
 * inside of one block (`inner`), until the `}` that closes it.
 */
function readDirectives(r: Reading, base: Frame, inner: boolean): void {
  const { text, path, lines, lexer, errors, skeleton } = r;
  const stack: Frame[] = [base];
  let pending: Pending | null = null;
  let depthReported = false;

  /** The word the lexer just read, as an argument of `p`. */
  const toArg = (p: Pending): Arg => {
    const value = lexer.value;
    const quote = lexer.quote;
    const offsets = lexer.offsets;
    const start = lexer.start;
    const end = lexer.end;
    return new ArgNode(
      value,
      // A bare word without escapes is written as nginx reads it: one string serves both.
      quote === null && !offsets ? value : text.slice(start, end),
      quote,
      (argHoldsVariables(p.name, p.args.length, p.args) && findVariables(value, quote ? start + 1 : start, offsets, lines)) || NO_VARIABLES,
      lines,
      start,
      end,
    );
  };

  /** An argument inside an unread block: only the name a `set` defines is kept. */
  const unreadArg = (p: Pending): Arg => {
    if (p.args.length === 0 && p.name === 'set') skeleton!.sets.push(lexer.value);
    return UNREAD_ARG;
  };

  const scratch: Arg[] = [];
  /** A directive starting with the word the lexer just read. */
  const begin = (): Pending => {
    scratch.length = 0;
    return {
      name: lexer.value,
      nameStart: lexer.start,
      nameEnd: lexer.end,
      nameStartsLine: lexer.startsLine,
      args: scratch,
      lastStart: lexer.start,
      lastEnd: lexer.end,
      lastUnterminated: lexer.unterminated,
    };
  };

  // Arguments gather in one growing list; each directive keeps an exact-size copy.
  const build = (p: Pending, end: number): DirectiveNode => new DirectiveNode(p.name, p.args.slice(), path, lines, p.nameStart, p.nameEnd, end);

  /** Ends a directive that lacks its `;`, reporting it at its last word. */
  const finishWithoutSemicolon = (p: Pending, why: string): void => {
    // An unterminated string already has its error; the lost `;` is part of the same mistake.
    if (!p.lastUnterminated) errors.push({ message: `missing ";" after "${p.name}" ${why}`, start: p.lastStart, end: p.lastEnd });
    const frame = stack[stack.length - 1];
    if (frame.skipped && p.name === 'include') skeleton!.includes = true;
    frame.directives?.push(build(p, p.lastEnd));
  };

  for (;;) {
    const kind = lexer.next();
    const frame = stack[stack.length - 1];
    if (kind === 'word') {
      if (!pending) {
        pending = begin();
        continue;
      }
      // A bare identifier opening a line at or left of the directive's own column is
      // almost surely the next directive after a forgotten `;` (nginx would glue them).
      if (lexer.startsLine && pending.nameStartsLine && lexer.quote === null && DIRECTIVE_NAME.test(lexer.value) && !ARGUMENT_WORDS.has(lexer.value) &&
          lines.position(lexer.start).character <= lines.position(pending.nameStart).character) {
        finishWithoutSemicolon(pending, '(the next line starts a new directive)');
        pending = begin();
        continue;
      }
      pending.args.push(frame.skipped ? unreadArg(pending) : toArg(pending));
      pending.lastStart = lexer.start;
      pending.lastEnd = lexer.end;
      pending.lastUnterminated = lexer.unterminated;
      continue;
    }
    const tokStart = lexer.start;
    const tokEnd = lexer.end;
    if (kind === ';') {
      if (!pending) {
        errors.push({ message: 'unexpected ";": there is no directive to end here', start: tokStart, end: tokEnd });
        continue;
      }
      if (frame.skipped && pending.name === 'include') skeleton!.includes = true;
      frame.directives?.push(build(pending, tokEnd));
      pending = null;
      continue;
    }
    if (kind === '{') {
      const depth = frame.depth + 1;
      if (!pending) {
        errors.push({ message: 'unexpected "{": a block needs a directive name before it (its content is ignored)', start: tokStart, end: tokEnd });
        stack.push({ directives: null, owner: null, depth, skipped: false });
        continue;
      }
      const d = build(pending, tokEnd);
      const p = pending;
      pending = null;
      if (p.name.endsWith('_by_lua_block')) {
        const scan = scanLuaBody(text, tokEnd);
        const close = scan.close >= 0 ? scan.close : text.length;
        if (scan.close < 0) {
          errors.push({ message: `unclosed "${p.name}": the "}" that ends its Lua code is missing`, start: tokStart, end: tokEnd });
        }
        d.rawBody = { text: text.slice(tokEnd, close), range: lines.range(tokEnd, close) };
        d.endAt(scan.close >= 0 ? close + 1 : close);
        frame.directives?.push(d);
        lexer.skipTo(scan.close >= 0 ? close + 1 : close);
        continue;
      }
      d.block = new BlockNode(lines, tokStart, tokEnd);
      let keep = frame.directives !== null;
      // Inside an unread block, blocks are followed as if kept (without nodes), so a skeleton parse reports what a full one does.
      let followed = keep || frame.skipped;
      if (followed && depth > MAX_BLOCK_DEPTH) {
        keep = false;
        followed = false;
        if (!depthReported) {
          depthReported = true;
          errors.push({ message: `blocks nested deeper than ${MAX_BLOCK_DEPTH} levels: the content of the deeper ones is ignored`, start: tokStart, end: tokEnd });
        }
      }
      const unread = skeleton !== undefined && keep && p.name === 'server' && (stack.length === 1 || frame.owner?.name === 'http');
      if (keep) frame.directives!.push(d);
      stack.push({ directives: keep && !unread ? d.block.directives : null, owner: followed ? d : null, depth, skipped: followed && (frame.skipped || unread) });
      continue;
    }
    if (kind === '}') {
      if (pending) {
        finishWithoutSemicolon(pending, '(before "}")');
        pending = null;
      }
      if (stack.length === 1) {
        if (inner) return;
        errors.push({ message: 'unexpected "}": no block is open here', start: tokStart, end: tokEnd });
        continue;
      }
      stack.pop();
      if (frame.owner) {
        (frame.owner.block as BlockNode).closeAt(tokStart, tokEnd);
        frame.owner.endAt(tokEnd);
      }
      continue;
    }
    // End of file.
    if (pending) {
      finishWithoutSemicolon(pending, '(the file ends here)');
      pending = null;
    }
    for (let i = stack.length - 1; i > 0; i--) {
      const f = stack[i];
      if (!f.owner) continue;
      const block = f.owner.block as Block;
      errors.push({ message: `unclosed block "${f.owner.name}": the file ends before its "}"`, start: block.open.start.offset, end: block.open.end.offset });
      f.owner.endAt(text.length);
    }
    return;
  }
}
