import type { AST } from '@eslint-community/regexpp';
import type { RegexFlavor, RegexMode } from '../model/origin-matcher';
import { lookbehindProblem } from './lookbehind-width';
import { isMarker, sentinelAnchor } from './regex-program';
import {
  anchorKind, charTestFor, holds, matchContext, numberGroups, SEMANTICS, TooComplex, withModifiers,
  type CharTest, type Flags,
} from './regex-semantics';
import type { Translated } from './regex-translate';

/**
 * A backtracking matcher for what the linear-time machine cannot express:
 * backreferences, atomic groups and possessive repeats (marked by the translator). It walks the pattern as
 * the engines do, under a hard step budget and on short inputs only, and gives
 * up (undefined) rather than run long.
 */

/** Real Origins are far shorter; longer inputs are not worth a backtracking run. */
export const BACKTRACK_MAX_INPUT = 512;
const STEP_BUDGET = 200_000;

class OutOfSteps extends Error {}

type Next = (pos: number) => boolean;

export interface Backtracker {
  /**
   * Capture offsets (start/end pairs, -1 when unset), null for no match, undefined
   * when undecided. The steps spent are added to `meter`.
   */
  exec(input: string, meter: { steps: number }): number[] | null | undefined;
}

export function makeBacktracker(pattern: AST.Pattern, t: Translated, flavor: RegexFlavor, mode: RegexMode): Backtracker {
  validate(pattern, flavor);
  const sem = SEMANTICS[flavor];
  const ctx = matchContext(flavor);
  const groupIndex = numberGroups(pattern);
  const slots = 2 * (groupIndex.size + 1);
  const tests = new Map<AST.Node, Map<string, CharTest>>();
  const testFor = (node: AST.Character | AST.CharacterSet | AST.CharacterClass, flags: Flags): CharTest => {
    const key = `${flags.ignoreCase ? 1 : 0}${flags.dotAll ? 1 : 0}`;
    let byFlags = tests.get(node);
    if (!byFlags) tests.set(node, (byFlags = new Map()));
    let test = byFlags.get(key);
    if (!test) byFlags.set(key, (test = charTestFor(node, flags, sem)));
    return test;
  };
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

  let input = '';
  let caps: number[] = [];
  let steps = 0;

  const restore = (snapshot: number[]): void => {
    for (let i = 0; i < slots; i++) caps[i] = snapshot[i];
  };

  const alts = (list: AST.Alternative[], pos: number, flags: Flags, next: Next): boolean => {
    for (const a of list) if (seq(a.elements, 0, pos, flags, next)) return true;
    return false;
  };

  const seq = (els: AST.Element[], i: number, pos: number, flags: Flags, next: Next): boolean => {
    if (i === els.length) return next(pos);
    const el = els[i];
    // A possessive repeat keeps everything it took: its first result is final.
    if (el.type === 'Quantifier' && isMarker(els[i + 1], 'possessive')) {
      return once((k) => repeat(el, 0, pos, flags, k), (p) => seq(els, i + 2, p, flags, next));
    }
    return match(el, pos, flags, (p) => seq(els, i + 1, p, flags, next));
  };

  /** Runs `inner` to its first success only, then continues; nothing inside is retried. */
  const once = (inner: (k: Next) => boolean, next: Next): boolean => {
    const snapshot = caps.slice();
    let end = -1;
    if (inner((p) => ((end = p), true)) && next(end)) return true;
    restore(snapshot);
    return false;
  };

  const match = (node: AST.Element, pos: number, flags: Flags, next: Next): boolean => {
    if (--steps < 0) throw new OutOfSteps();
    switch (node.type) {
      case 'Character':
      case 'CharacterSet':
      case 'CharacterClass':
        return pos < input.length && testFor(node, flags)(input.charCodeAt(pos)) && next(pos + 1);
      case 'Group': {
        const inner = withModifiers(flags, node);
        if (isMarker(node.alternatives[0]?.elements[0], 'atomic')) return once((k) => alts(node.alternatives, pos, inner, k), next);
        return alts(node.alternatives, pos, inner, next);
      }
      case 'CapturingGroup':
        return group(node, pos, flags, next);
      case 'Quantifier':
        return repeat(node, 0, pos, flags, next);
      case 'Assertion':
        return assertion(node, pos, flags, next);
      case 'Backreference':
        return backreference(node, pos, flags, next);
      default:
        throw new TooComplex('unsupported pattern element');
    }
  };

  const group = (node: AST.CapturingGroup, pos: number, flags: Flags, next: Next): boolean => {
    const n = groupIndex.get(node)!;
    return alts(node.alternatives, pos, flags, (p) => {
      const [s, e] = [caps[2 * n], caps[2 * n + 1]];
      caps[2 * n] = pos;
      caps[2 * n + 1] = p;
      if (next(p)) return true;
      caps[2 * n] = s;
      caps[2 * n + 1] = e;
      return false;
    });
  };

  const repeat = (q: AST.Quantifier, count: number, pos: number, flags: Flags, next: Next): boolean => {
    const more = (): boolean => {
      if (count >= q.max) return false;
      const cleared = flavor === 'js' ? innerSlots(q.element) : [];
      const snapshot = cleared.length > 0 ? caps.slice() : undefined;
      for (const slot of cleared) caps[slot] = -1;
      // An iteration past the minimum that consumes nothing would only loop.
      const ok = match(q.element, pos, flags, (p) => (p === pos && count >= q.min ? false : repeat(q, count + 1, p, flags, next)));
      if (!ok && snapshot) restore(snapshot);
      return ok;
    };
    const stop = (): boolean => count >= q.min && next(pos);
    return q.greedy ? more() || stop() : stop() || more();
  };

  const assertion = (el: AST.Assertion, pos: number, flags: Flags, next: Next): boolean => {
    if (el.kind === 'start' || el.kind === 'end' || el.kind === 'word') return holds(anchorKind(el, flags, sem), input, pos, ctx) && next(pos);
    const look = el as AST.LookaroundAssertion;
    const sentinel = sentinelAnchor(look);
    if (sentinel) return holds(sentinel, input, pos, ctx) && next(pos);
    if (isMarker(look)) return next(pos);
    const snapshot = caps.slice();
    let found = false;
    if (look.kind === 'lookahead') found = alts(look.alternatives, pos, flags, () => true);
    else for (let q = pos; q >= 0 && !found; q--) found = alts(look.alternatives, q, flags, (p) => p === pos);
    if (look.negate) {
      restore(snapshot);
      return !found && next(pos);
    }
    if (found && next(pos)) return true;
    restore(snapshot);
    return false;
  };

  const backreference = (node: AST.Backreference, pos: number, flags: Flags, next: Next): boolean => {
    const groups = Array.isArray(node.resolved) ? node.resolved : [node.resolved];
    for (const g of groups) {
      const n = groupIndex.get(g);
      if (n === undefined || caps[2 * n] < 0 || caps[2 * n + 1] < 0) continue;
      const text = input.slice(caps[2 * n], caps[2 * n + 1]);
      const here = input.slice(pos, pos + text.length);
      const same = flags.ignoreCase ? here.toLowerCase() === text.toLowerCase() : here === text;
      return same && next(pos + text.length);
    }
    // A group that has not matched: JavaScript reads it as empty, the other engines fail.
    return flavor === 'js' && next(pos);
  };

  const flags0: Flags = { ignoreCase: t.ignoreCase, multiline: t.multiline, dotAll: t.dotAll };
  return {
    exec(text: string, meter: { steps: number }): number[] | null | undefined {
      if (text.length > BACKTRACK_MAX_INPUT) return undefined;
      input = text;
      steps = STEP_BUDGET;
      try {
        return run(text);
      } finally {
        meter.steps += STEP_BUDGET - Math.max(steps, 0);
      }
    },
  };

  function run(text: string): number[] | null | undefined {
    const starts = mode === 'search' ? text.length : 0;
    try {
      for (let start = 0; start <= starts; start++) {
        caps = new Array<number>(slots).fill(-1);
        const found = alts(pattern.alternatives, start, flags0, (p) => {
          if (mode === 'fullmatch' && p !== text.length) return false;
          caps[0] = start;
          caps[1] = p;
          return true;
        });
        if (found) return caps.slice();
      }
      return null;
    } catch (e) {
      if (e instanceof OutOfSteps || e instanceof RangeError || e instanceof TooComplex) return undefined;
      throw e;
    }
  }
}

/** Refuses, before any run, what the flavour's engine itself would refuse or what is not modelled. */
function validate(pattern: AST.Pattern, flavor: RegexFlavor): void {
  const visit = (node: AST.Node): void => {
    if (node.type === 'Assertion' && node.kind === 'lookbehind') {
      const problem = lookbehindProblem(node, flavor);
      if (problem) throw new TooComplex(problem);
    }
    if (node.type === 'CharacterSet' && node.kind === 'property') throw new TooComplex('Unicode property escapes are not supported');
    if (node.type === 'ExpressionCharacterClass') throw new TooComplex('set notation is not supported');
    if ('alternatives' in node && Array.isArray(node.alternatives)) for (const a of node.alternatives) visit(a);
    if (node.type === 'Alternative') for (const e of node.elements) visit(e);
    if (node.type === 'Quantifier') visit(node.element);
  };
  visit(pattern);
}
