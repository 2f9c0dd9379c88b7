import type { Range, Span } from '../../core/range';

/** A variable reference inside an argument: `$http_origin` or `${http_origin}`. */
export interface VariableRef {
  name: string;
  range: Range;
}

export interface Arg {
  /** The value nginx sees: quotes removed, escapes resolved. */
  value: string;
  /** The text exactly as written, quotes included. */
  raw: string;
  quote: '"' | "'" | null;
  range: Range;
  variables: VariableRef[];
}

export interface Directive {
  kind: 'directive';
  name: string;
  nameRange: Range;
  args: Arg[];
  /** Present for block directives (`server { ... }`). */
  block?: Block;
  /** Raw body of `*_by_lua_block { ... }` and similar: kept as text, never parsed as nginx. */
  rawBody?: { text: string; range: Range };
  /** From the name to the `;` or the closing `}`. */
  range: Range;
  /** The file this directive was written in. */
  file: string;
  /** `{ file, range }`, one object however many paths point at the directive. */
  readonly span: Span;
}

export interface Block {
  directives: Directive[];
  /** The `{` and the `}` (the latter may be missing after a syntax error: then it equals the open range). */
  open: Range;
  close: Range;
}

export interface Comment {
  /** Text after `#`, without the `#`. */
  text: string;
  range: Range;
}

export interface ParseError {
  message: string;
  range: Range;
}

export interface NginxFile {
  path: string;
  text: string;
  directives: Directive[];
  comments: Comment[];
  errors: ParseError[];
  /** Present after a skeleton parse (see `ParseOptions`): the `server` blocks it left unread are empty until read. */
  skeleton?: Skeleton;
}

export interface Skeleton {
  /** The first word of every `set` inside the unread blocks, as written (the value nginx reads). */
  sets: string[];
  /** Whether an unread block holds an `include`: then the file's includes are not all known. */
  includes: boolean;
  /** Reads the inside of one unread `server` block into it, as a full parse would have. */
  read(server: Directive): void;
}
