import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { RegexFlavor } from '../model/origin-matcher';
import { lookbehindProblem } from './lookbehind-width';
import {
  anchorKind, charTestFor, matchContext, numberGroups, SEMANTICS, TooComplex, withModifiers,
  type AnchorKind, type CharTest, type Flags, type MatchContext,
} from './regex-semantics';
import { SENTINEL_ATOMIC, SENTINEL_END, SENTINEL_END_OR_FINAL_NEWLINE, SENTINEL_POSSESSIVE, SENTINEL_START, type Translated } from './regex-translate';

/**
 * Compiles a parsed pattern into instructions for a Thompson-style machine
 * (see regex-vm.ts): matching then takes time linear in the input for any
 * pattern, so `^(a+)+$` cannot hang the analysis.
 */

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

export interface Program extends MatchContext {
  insts: Inst[];
  /** Capturing groups, not counting the whole match. */
  groupCount: number;
}

export { TooComplex };

const MAX_INSTRUCTIONS = 40_000;
const MAX_REPEAT = 1_000;

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

/** The translator's marks for possessive repeats and atomic groups: no condition on the input. */
export function isMarker(el: AST.Node | undefined, which?: 'possessive' | 'atomic'): boolean {
  if (el?.type !== 'Assertion' || el.kind !== 'lookahead' || el.negate) return false;
  const only = el.alternatives.length === 1 && el.alternatives[0].elements.length === 1 ? el.alternatives[0].elements[0] : undefined;
  if (only?.type !== 'Character') return false;
  const ch = String.fromCharCode(only.value);
  if (which === 'possessive') return ch === SENTINEL_POSSESSIVE;
  if (which === 'atomic') return ch === SENTINEL_ATOMIC;
  return ch === SENTINEL_POSSESSIVE || ch === SENTINEL_ATOMIC;
}

/** The anchor a translator sentinel lookahead stands for (`\A`, `\z`, `\Z`), if it is one. */
export function sentinelAnchor(el: AST.LookaroundAssertion): AnchorKind | undefined {
  if (el.kind !== 'lookahead' || el.negate || el.alternatives.length !== 1 || el.alternatives[0].elements.length !== 1) return undefined;
  const only = el.alternatives[0].elements[0];
  if (only.type !== 'Character') return undefined;
  const ch = String.fromCharCode(only.value);
  if (ch === SENTINEL_START) return 'start';
  if (ch === SENTINEL_END) return 'end';
  if (ch === SENTINEL_END_OR_FINAL_NEWLINE) return 'end-or-final-newline';
  return undefined;
}

export function compileProgram(pattern: AST.Pattern, t: Translated, flavor: RegexFlavor, fullmatch: boolean): Program {
  const sem = SEMANTICS[flavor];
  const insts: Inst[] = [];
  const program: Program = { insts, groupCount: 0, ...matchContext(flavor) };
  const groupIndex = numberGroups(pattern);
  program.groupCount = groupIndex.size;

  const emit = (inst: Inst): number => {
    if (insts.length >= MAX_INSTRUCTIONS) throw new TooComplex('pattern too large to analyse');
    insts.push(inst);
    return insts.length - 1;
  };

  const charTest = (node: AST.Character | AST.CharacterSet | AST.CharacterClass, flags: Flags): CharTest => charTestFor(node, flags, sem);

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
      case 'Group':
        compileAlternatives(el.alternatives, withModifiers(flags, el));
        return;
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
    if (el.kind === 'start' || el.kind === 'end' || el.kind === 'word') { emit({ op: 'assert', kind: anchorKind(el, flags, sem) }); return; }
    if (el.kind !== 'lookahead' && el.kind !== 'lookbehind') throw new TooComplex('unsupported assertion');
    const sentinel = sentinelAnchor(el);
    if (sentinel) { emit({ op: 'assert', kind: sentinel }); return; }
    // Read as plain greedy parts here; the backtracker gives the final word on a match.
    if (isMarker(el)) return;
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
      const g = n.type === 'CapturingGroup' ? groupIndex.get(n) : undefined;
      if (g !== undefined) out.push(2 * g, 2 * g + 1);
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
