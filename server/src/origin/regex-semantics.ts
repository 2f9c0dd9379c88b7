import type { AST } from '@eslint-community/regexpp';
import type { RegexFlavor } from '../model/origin-matcher';

/**
 * What a pattern's pieces mean for each engine, shared by the linear-time
 * machine and the bounded backtracker: anchors, line ends, word characters,
 * case folding and character classes.
 */

export type CharTest = (c: number) => boolean;
export type AnchorKind = 'start' | 'line-start' | 'end' | 'end-or-final-newline' | 'line-end' | 'word' | 'not-word';

export class TooComplex extends Error {}

/** Facts about the engine that anchors and boundaries depend on at match time. */
export interface MatchContext {
  /** Characters that end a line for this engine (for `^`/`$` in multiline mode and the dot). */
  lineTerminators: readonly number[];
  unicodeWord: boolean;
  /** Python before 3.14: `\B` never matches in an empty string. */
  nonBoundaryNeedsText: boolean;
  /** A line start also right after a newline that ends the input (JavaScript, Python, Go; not PCRE, Java, Ruby). */
  lineStartAtEnd: boolean;
}

export interface FlavorSemantics {
  caret: AnchorKind;
  dollar: AnchorKind;
  lineTerminators: number[];
  unicodeWord: boolean;
}

const LF = [0x0a];
const JS_LINE_TERMINATORS = [0x0a, 0x0d, 0x2028, 0x2029];

/** How each engine reads `^`, `$`, `.` and `\w` without flags. */
export const SEMANTICS: Record<RegexFlavor, FlavorSemantics> = {
  js: { caret: 'start', dollar: 'end', lineTerminators: JS_LINE_TERMINATORS, unicodeWord: false },
  pcre: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: LF, unicodeWord: false },
  python: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: LF, unicodeWord: true },
  java: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: [0x0a, 0x0d, 0x85, 0x2028, 0x2029], unicodeWord: false },
  dotnet: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: LF, unicodeWord: true },
  go: { caret: 'start', dollar: 'end', lineTerminators: LF, unicodeWord: false },
  // Ruby's ^ and $ always match at line boundaries.
  ruby: { caret: 'line-start', dollar: 'line-end', lineTerminators: LF, unicodeWord: false },
};

export function matchContext(flavor: RegexFlavor): MatchContext {
  const sem = SEMANTICS[flavor];
  return {
    lineTerminators: sem.lineTerminators,
    unicodeWord: sem.unicodeWord,
    nonBoundaryNeedsText: flavor === 'python',
    lineStartAtEnd: !(flavor === 'pcre' || flavor === 'java' || flavor === 'ruby'),
  };
}

export interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

/** Flags inside a modifier group such as `(?i:...)`. */
export function withModifiers(flags: Flags, group: AST.Group): Flags {
  if (!group.modifiers) return flags;
  const { add, remove } = group.modifiers;
  return {
    ignoreCase: remove?.ignoreCase ? false : add.ignoreCase || flags.ignoreCase,
    multiline: remove?.multiline ? false : add.multiline || flags.multiline,
    dotAll: remove?.dotAll ? false : add.dotAll || flags.dotAll,
  };
}

/** Capture numbers in source order. */
export function numberGroups(pattern: AST.Pattern): Map<AST.CapturingGroup, number> {
  const index = new Map<AST.CapturingGroup, number>();
  const visit = (node: AST.Node): void => {
    if (node.type === 'CapturingGroup') index.set(node, index.size + 1);
    if ('alternatives' in node && Array.isArray(node.alternatives)) for (const a of node.alternatives) visit(a);
    if (node.type === 'Alternative') for (const e of node.elements) visit(e);
    if (node.type === 'Quantifier') visit(node.element);
  };
  visit(pattern);
  return index;
}

export function isWordChar(c: number, unicode: boolean): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) return true;
  return unicode && c > 0x7f && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

function isSpace(c: number): boolean {
  return /\s/.test(String.fromCharCode(c));
}

export function foldCase(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const s = String.fromCharCode(c);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    return (lower.length === 1 && test(lower.charCodeAt(0))) || (upper.length === 1 && test(upper.charCodeAt(0)));
  };
}

/** Whether an anchor or boundary holds at `pos`. */
export function holds(kind: AnchorKind, input: string, pos: number, ctx: MatchContext): boolean {
  const len = input.length;
  const isTerm = (i: number): boolean => ctx.lineTerminators.includes(input.charCodeAt(i));
  switch (kind) {
    case 'start': return pos === 0;
    case 'line-start': return pos === 0 || (isTerm(pos - 1) && (pos < len || ctx.lineStartAtEnd));
    case 'end': return pos === len;
    case 'end-or-final-newline': return pos === len || (pos === len - 1 && input.charCodeAt(pos) === 0x0a);
    case 'line-end': return pos === len || isTerm(pos);
    default: {
      const before = pos > 0 && isWordChar(input.charCodeAt(pos - 1), ctx.unicodeWord);
      const after = pos < len && isWordChar(input.charCodeAt(pos), ctx.unicodeWord);
      if (kind === 'word') return before !== after;
      return before === after && !(ctx.nonBoundaryNeedsText && len === 0);
    }
  }
}

/** The anchor a `^`, `$` or `\b` stands for under these flags. */
export function anchorKind(el: AST.EdgeAssertion | AST.WordBoundaryAssertion, flags: Flags, sem: FlavorSemantics): AnchorKind {
  if (el.kind === 'start') return flags.multiline ? 'line-start' : sem.caret;
  if (el.kind === 'end') return flags.multiline ? 'line-end' : sem.dollar;
  return (el as AST.WordBoundaryAssertion).negate ? 'not-word' : 'word';
}

/** A test for one character position: a literal, a set like `\d` or `.`, or a bracket class. */
export function charTestFor(node: AST.Character | AST.CharacterSet | AST.CharacterClass, flags: Flags, sem: FlavorSemantics): CharTest {
  // Engines fold case on the members of a class, then negate: `[^a-z]` with `i` refuses `A`.
  if (node.type === 'CharacterClass' && node.negate && flags.ignoreCase) {
    const members = foldCase(rawCharTest({ ...node, negate: false } as AST.CharacterClass, flags, sem));
    return (c) => !members(c);
  }
  const raw = rawCharTest(node, flags, sem);
  return flags.ignoreCase ? foldCase(raw) : raw;
}

function rawCharTest(node: AST.Node, flags: Flags, sem: FlavorSemantics): CharTest {
  switch (node.type) {
    case 'Character': { const v = node.value; return (c) => c === v; }
    case 'CharacterClassRange': { const lo = node.min.value; const hi = node.max.value; return (c) => c >= lo && c <= hi; }
    case 'CharacterSet': {
      if (node.kind === 'any') {
        const terms = sem.lineTerminators;
        return flags.dotAll ? () => true : (c) => !terms.includes(c);
      }
      let base: CharTest;
      if (node.kind === 'digit') base = (c) => c >= 0x30 && c <= 0x39;
      else if (node.kind === 'space') base = isSpace;
      else if (node.kind === 'word') base = (c) => isWordChar(c, sem.unicodeWord);
      else throw new TooComplex('Unicode property classes are not supported');
      return node.negate ? (c) => !base(c) : base;
    }
    case 'CharacterClass': {
      if (node.unicodeSets) throw new TooComplex('set notation is not supported');
      const parts = node.elements.map((e) => rawCharTest(e, flags, sem));
      const any: CharTest = (c) => parts.some((p) => p(c));
      return node.negate ? (c) => !any(c) : any;
    }
    default:
      throw new TooComplex(`unsupported class element ${node.type}`);
  }
}
