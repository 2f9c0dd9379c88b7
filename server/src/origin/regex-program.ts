import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { RegexFlavor } from '../model/origin-matcher';
import { lookbehindProblem } from './lookbehind-width';
import { SENTINEL_END, SENTINEL_END_OR_FINAL_NEWLINE, SENTINEL_START, type Translated } from './regex-translate';

/**
 * Compiles a parsed pattern into instructions for a Thompson-style machine
 * (see regex-vm.ts): matching then takes time linear in the input for any
 * pattern, so `^(a+)+$` cannot hang the analysis.
 */

export type CharTest = (c: number) => boolean;
export type AnchorKind = 'start' | 'line-start' | 'end' | 'end-or-final-newline' | 'line-end' | 'word' | 'not-word';

export type Inst =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; slot: number }
  /** JavaScript forgets a repeated group's captures at each new iteration. */
  | { op: 'clear'; slots: number[] }
  | { op: 'assert'; kind: AnchorKind }
  | { op: 'look'; sub: Program; behind: boolean; negate: boolean }
  | { op: 'match' };

export interface Program {
  insts: Inst[];
  /** Capturing groups, not counting the whole match. */
  groupCount: number;
  /** Characters that end a line for this engine (for `^`/`$` in multiline mode and the dot). */
  lineTerminators: readonly number[];
  unicodeWord: boolean;
  /** Python before 3.14: `\B` never matches in an empty string. */
  nonBoundaryNeedsText: boolean;
  /** A line start also right after a newline that ends the input (JavaScript, Python, Go; not PCRE, Java, Ruby). */
  lineStartAtEnd: boolean;
}

export class TooComplex extends Error {}

const MAX_INSTRUCTIONS = 40_000;
const MAX_REPEAT = 1_000;

interface FlavorSemantics {
  caret: AnchorKind;
  dollar: AnchorKind;
  lineTerminators: number[];
  unicodeWord: boolean;
}

const LF = [0x0a];
const JS_LINE_TERMINATORS = [0x0a, 0x0d, 0x2028, 0x2029];

/** How each engine reads `^`, `$`, `.` and `\w` without flags. */
const SEMANTICS: Record<RegexFlavor, FlavorSemantics> = {
  js: { caret: 'start', dollar: 'end', lineTerminators: JS_LINE_TERMINATORS, unicodeWord: false },
  pcre: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: LF, unicodeWord: false },
  python: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: LF, unicodeWord: true },
  java: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: [0x0a, 0x0d, 0x85, 0x2028, 0x2029], unicodeWord: false },
  dotnet: { caret: 'start', dollar: 'end-or-final-newline', lineTerminators: LF, unicodeWord: true },
  go: { caret: 'start', dollar: 'end', lineTerminators: LF, unicodeWord: false },
  // Ruby's ^ and $ always match at line boundaries.
  ruby: { caret: 'line-start', dollar: 'line-end', lineTerminators: LF, unicodeWord: false },
};

interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

export function parseTranslated(t: Translated): AST.Pattern {
  const parser = new RegExpParser({ ecmaVersion: 2025 });
  try {
    return parser.parsePattern(t.source, 0, t.source.length, { unicode: false });
  } catch (first) {
    // Some JS sources only parse with the `u` flag (`\u{...}`, `\p{...}`).
    try {
      return parser.parsePattern(t.source, 0, t.source.length, { unicode: true });
    } catch {
      throw first;
    }
  }
}

export function isWordChar(c: number, unicode: boolean): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) return true;
  return unicode && c > 0x7f && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

function isSpace(c: number): boolean {
  return /\s/.test(String.fromCharCode(c));
}

function foldCase(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const s = String.fromCharCode(c);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    return (lower.length === 1 && test(lower.charCodeAt(0))) || (upper.length === 1 && test(upper.charCodeAt(0)));
  };
}

export function compileProgram(pattern: AST.Pattern, t: Translated, flavor: RegexFlavor, fullmatch: boolean): Program {
  const sem = SEMANTICS[flavor];
  const insts: Inst[] = [];
  const program: Program = { insts, groupCount: 0, lineTerminators: sem.lineTerminators, unicodeWord: sem.unicodeWord, nonBoundaryNeedsText: flavor === 'python',
    lineStartAtEnd: !(flavor === 'pcre' || flavor === 'java' || flavor === 'ruby'),
  };
  const groupIndex = new Map<AST.CapturingGroup, number>();
  let count = 0;
  const number = (node: AST.Node): void => {
    if (node.type === 'CapturingGroup') groupIndex.set(node, ++count);
    if ('alternatives' in node && Array.isArray(node.alternatives)) for (const a of node.alternatives) number(a);
    if (node.type === 'Alternative') for (const e of node.elements) number(e);
    if (node.type === 'Quantifier') number(node.element);
  };
  number(pattern);
  program.groupCount = count;

  const emit = (inst: Inst): number => {
    if (insts.length >= MAX_INSTRUCTIONS) throw new TooComplex('pattern too large to analyse');
    insts.push(inst);
    return insts.length - 1;
  };

  const charTest = (node: AST.Character | AST.CharacterSet | AST.CharacterClass | AST.CharacterClassRange, flags: Flags): CharTest => {
    // Engines fold case on the members of a class, then negate: `[^a-z]` with `i` refuses `A`.
    if (node.type === 'CharacterClass' && node.negate && flags.ignoreCase) {
      const members = foldCase(rawCharTest({ ...node, negate: false } as AST.CharacterClass, flags));
      return (c) => !members(c);
    }
    const raw = rawCharTest(node, flags);
    return flags.ignoreCase ? foldCase(raw) : raw;
  };

  const rawCharTest = (node: AST.Node, flags: Flags): CharTest => {
    switch (node.type) {
      case 'Character': { const v = node.value; return (c) => c === v; }
      case 'CharacterClassRange': { const lo = node.min.value; const hi = node.max.value; return (c) => c >= lo && c <= hi; }
      case 'CharacterSet': {
        let base: CharTest;
        if (node.kind === 'any') {
          const terms = sem.lineTerminators;
          return flags.dotAll ? () => true : (c) => !terms.includes(c);
        }
        if (node.kind === 'digit') base = (c) => c >= 0x30 && c <= 0x39;
        else if (node.kind === 'space') base = isSpace;
        else if (node.kind === 'word') base = (c) => isWordChar(c, sem.unicodeWord);
        else throw new TooComplex('Unicode property classes are not supported');
        return node.negate ? (c) => !base(c) : base;
      }
      case 'CharacterClass': {
        if (node.unicodeSets) throw new TooComplex('set notation is not supported');
        const parts = node.elements.map((e) => rawCharTest(e, flags));
        const any: CharTest = (c) => parts.some((p) => p(c));
        return node.negate ? (c) => !any(c) : any;
      }
      default:
        throw new TooComplex(`unsupported class element ${node.type}`);
    }
  };

  const compileAlternatives = (alts: AST.Alternative[], flags: Flags): void => {
    if (alts.length === 1) { compileAlternative(alts[0], flags); return; }
    const jumps: number[] = [];
    for (let k = 0; k < alts.length; k++) {
      if (k < alts.length - 1) {
        const split = emit({ op: 'split', x: 0, y: 0 });
        (insts[split] as { x: number }).x = insts.length;
        compileAlternative(alts[k], flags);
        jumps.push(emit({ op: 'jmp', x: 0 }));
        (insts[split] as { y: number }).y = insts.length;
      } else {
        compileAlternative(alts[k], flags);
      }
    }
    for (const j of jumps) (insts[j] as { x: number }).x = insts.length;
  };

  const compileAlternative = (alt: AST.Alternative, flags: Flags): void => {
    for (const el of alt.elements) compileElement(el, flags);
  };

  const compileElement = (el: AST.Element, flags: Flags): void => {
    switch (el.type) {
      case 'Character':
      case 'CharacterSet':
      case 'CharacterClass':
        if (el.type === 'CharacterSet' && el.kind === 'property') throw new TooComplex('Unicode property escapes are not supported');
        emit({ op: 'char', test: charTest(el as AST.Character, flags) });
        return;
      case 'ExpressionCharacterClass':
        throw new TooComplex('set notation is not supported');
      case 'Group': {
        let inner = flags;
        if (el.modifiers) {
          const add = el.modifiers.add;
          const remove = el.modifiers.remove;
          inner = {
            ignoreCase: remove?.ignoreCase ? false : add.ignoreCase || flags.ignoreCase,
            multiline: remove?.multiline ? false : add.multiline || flags.multiline,
            dotAll: remove?.dotAll ? false : add.dotAll || flags.dotAll,
          };
        }
        compileAlternatives(el.alternatives, inner);
        return;
      }
      case 'CapturingGroup': {
        const n = groupIndex.get(el) ?? 0;
        emit({ op: 'save', slot: 2 * n });
        compileAlternatives(el.alternatives, flags);
        emit({ op: 'save', slot: 2 * n + 1 });
        return;
      }
      case 'Quantifier':
        compileQuantifier(el, flags);
        return;
      case 'Backreference':
        throw new TooComplex('backreferences are not supported');
      case 'Assertion':
        compileAssertion(el, flags);
        return;
      default:
        throw new TooComplex('unsupported pattern element');
    }
  };

  const compileAssertion = (el: AST.Assertion, flags: Flags): void => {
    if (el.kind === 'start') { emit({ op: 'assert', kind: flags.multiline ? 'line-start' : sem.caret }); return; }
    if (el.kind === 'end') { emit({ op: 'assert', kind: flags.multiline ? 'line-end' : sem.dollar }); return; }
    if (el.kind === 'word') { emit({ op: 'assert', kind: el.negate ? 'not-word' : 'word' }); return; }
    if (el.kind !== 'lookahead' && el.kind !== 'lookbehind') throw new TooComplex('unsupported assertion');
    const only = el.alternatives.length === 1 && el.alternatives[0].elements.length === 1 ? el.alternatives[0].elements[0] : undefined;
    if (el.kind === 'lookahead' && !el.negate && only?.type === 'Character') {
      const ch = String.fromCharCode(only.value);
      if (ch === SENTINEL_START) { emit({ op: 'assert', kind: 'start' }); return; }
      if (ch === SENTINEL_END) { emit({ op: 'assert', kind: 'end' }); return; }
      if (ch === SENTINEL_END_OR_FINAL_NEWLINE) { emit({ op: 'assert', kind: 'end-or-final-newline' }); return; }
    }
    if (el.kind === 'lookbehind') {
      const problem = lookbehindProblem(el, flavor);
      if (problem) throw new TooComplex(problem);
    }
    const sub = compileSub(el.alternatives, flags);
    emit({ op: 'look', sub, behind: el.kind === 'lookbehind', negate: el.negate });
  };

  const compileSub = (alts: AST.Alternative[], flags: Flags): Program => {
    const saved = insts.splice(0, insts.length);
    compileAlternatives(alts, flags);
    emit({ op: 'match' });
    const subInsts = insts.splice(0, insts.length);
    insts.push(...saved);
    if (insts.length + subInsts.length > MAX_INSTRUCTIONS) throw new TooComplex('pattern too large to analyse');
    return { ...program, insts: subInsts };
  };

  /** Capture slots of the groups inside a node. */
  const innerSlots = (node: AST.Node): number[] => {
    const out: number[] = [];
    const visit = (n: AST.Node): void => {
      if (n.type === 'CapturingGroup') { const g = groupIndex.get(n) ?? 0; out.push(2 * g, 2 * g + 1); }
      if ('alternatives' in n && Array.isArray(n.alternatives)) for (const a of n.alternatives) visit(a);
      if (n.type === 'Alternative') for (const e of n.elements) visit(e);
      if (n.type === 'Quantifier') visit(n.element);
    };
    visit(node);
    return out;
  };

  const compileQuantifier = (q: AST.Quantifier, flags: Flags): void => {
    const { min, max, greedy } = q;
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) throw new TooComplex('repetition count too large');
    const slots = flavor === 'js' ? innerSlots(q.element) : [];
    const iteration = (): void => {
      if (slots.length > 0) emit({ op: 'clear', slots });
      compileElement(q.element, flags);
    };
    for (let k = 0; k < min; k++) iteration();
    const patch = (split: number, body: number, out: number): void => {
      const inst = insts[split] as { x: number; y: number };
      inst.x = greedy ? body : out;
      inst.y = greedy ? out : body;
    };
    if (max === Infinity) {
      const split = emit({ op: 'split', x: 0, y: 0 });
      iteration();
      emit({ op: 'jmp', x: split });
      patch(split, split + 1, insts.length);
      return;
    }
    const splits: number[] = [];
    for (let k = min; k < max; k++) {
      splits.push(emit({ op: 'split', x: 0, y: 0 }));
      iteration();
    }
    for (const s of splits) patch(s, s + 1, insts.length);
  };

  const flags: Flags = { ignoreCase: t.ignoreCase, multiline: t.multiline, dotAll: t.dotAll };
  emit({ op: 'save', slot: 0 });
  compileAlternatives(pattern.alternatives, flags);
  emit({ op: 'save', slot: 1 });
  if (fullmatch) emit({ op: 'assert', kind: 'end' });
  emit({ op: 'match' });
  return program;
}
