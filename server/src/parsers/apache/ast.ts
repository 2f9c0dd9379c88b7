import type { Range } from '../../core/range';

/** One argument of a directive or section, as `ap_getword_conf` splits it. */
export interface ApacheArg {
  /** The value Apache sees: quotes removed, `\"` and `\\` resolved. */
  value: string;
  /** The text exactly as written, quotes included (continuations removed). */
  raw: string;
  quote: '"' | "'" | null;
  range: Range;
}

export interface ApacheDirective {
  kind: 'directive';
  /** The name as written. */
  name: string;
  /** Lower-case name: Apache matches directive names case-insensitively. */
  key: string;
  nameRange: Range;
  args: ApacheArg[];
  /** The whole logical line, continuations included. */
  range: Range;
  file: string;
}

export interface ApacheSection {
  kind: 'section';
  /** Name as written in the open tag, without `<`. */
  name: string;
  key: string;
  nameRange: Range;
  args: ApacheArg[];
  /** The `<Name args>` line. */
  open: Range;
  /** The `</Name>` line; missing after a syntax error (unclosed section). */
  close?: Range;
  children: ApacheNode[];
  /** From `<` of the open tag to `>` of the close tag (or the end of the last child). */
  range: Range;
  file: string;
}

export type ApacheNode = ApacheDirective | ApacheSection;

export interface ApacheComment {
  /** Text after `#`. */
  text: string;
  range: Range;
}

export interface ApacheParseError {
  message: string;
  range: Range;
}

export interface ApacheFile {
  path: string;
  text: string;
  nodes: ApacheNode[];
  comments: ApacheComment[];
  errors: ApacheParseError[];
}

/**
 * Section names httpd and its bundled modules define: any other `<Name>` stops
 * Apache at start-up ("Invalid command"), so a misspelt `<Locaton>` is an error.
 */
export const KNOWN_SECTIONS = new Set([
  'virtualhost', 'directory', 'directorymatch', 'files', 'filesmatch', 'location', 'locationmatch',
  'if', 'elseif', 'else', 'ifmodule', 'ifdefine', 'ifversion', 'ifdirective', 'ifsection', 'iffile',
  'limit', 'limitexcept', 'proxy', 'proxymatch', 'macro', 'authnprovideralias', 'authzprovideralias',
  'requireall', 'requireany', 'requirenone', 'mdomain', 'mdomainset', 'managedomain',
]);
