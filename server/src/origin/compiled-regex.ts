import type { RegexFlavor, RegexMode } from '../model/origin-matcher';
import type { AST } from '@eslint-community/regexpp';
import { makeBacktracker, type Backtracker } from './regex-backtrack';
import { compileProgram, parseTranslated, TooComplex, type Program } from './regex-program';
import { numberGroups } from './regex-semantics';
import { translatePattern, type Translated } from './regex-translate';
import { BudgetExceeded, runProgram, testProgram } from './regex-vm';

/** Longer than any Origin a browser sends; beyond it we decline to answer. */
export const MAX_INPUT_LENGTH = 4096;
/** Machine steps per match: a few milliseconds of work at most. */
const STEP_BUDGET = 1_000_000;

/**
 * Machine steps spent so far by every match in this process: lets a caller that
 * runs many matches (the assessment) stop when a pattern is too costly overall.
 */
export const regexWork = { steps: 0 };

export interface RegexRun {
  matched: boolean;
  captures: string[];
}

export interface CompiledRegex {
  translated: Translated;
  /** undefined when the answer cannot be decided within the budget. */
  exec(input: string): RegexRun | undefined;
  /** Only whether it matches: faster, same answer as exec. */
  test(input: string): boolean | undefined;
}

export type CompileResult = { ok: true; regex: CompiledRegex } | { ok: false; problem: string };

const cache = new Map<string, CompileResult>();
const CACHE_LIMIT = 1000;

export function compileRegex(pattern: string, flavor: RegexFlavor, mode: RegexMode, caseInsensitive: boolean): CompileResult {
  const key = `${flavor}\u0000${mode}\u0000${caseInsensitive ? 1 : 0}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = compileUncached(pattern, flavor, mode, caseInsensitive);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/** Compiles an already translated ECMAScript source (used for rewritten variants of a pattern). */
export function compileTranslated(t: Translated, flavor: RegexFlavor, mode: RegexMode): CompileResult {
  let ast: AST.Pattern;
  let program: Program | undefined;
  let backtracker: Backtracker | undefined;
  try {
    ast = parseTranslated(t);
    try {
      program = compileProgram(ast, t, flavor, mode === 'fullmatch');
    } catch (e) {
      // Only backreferences send a pattern to the backtracker alone; anything else is out of reach.
      if (!(e instanceof TooComplex && /backreference/.test(e.message))) throw e;
    }
    // Atomic groups and possessive repeats need the backtracker's last word on a match.
    if (!program || t.hasAtomicParts) backtracker = makeBacktracker(ast, t, flavor, mode);
  } catch (e) {
    if (e instanceof TooComplex) return { ok: false, problem: e.message };
    if (e instanceof SyntaxError) return { ok: false, problem: `invalid pattern: ${e.message}` };
    throw e;
  }
  const anchored = mode !== 'search';
  const groupCount = program?.groupCount ?? numberGroups(ast).size;

  /** The linear machine's answer: capture offsets, null, or undefined over budget. */
  const linear = (input: string, captures: boolean): number[] | null | boolean | undefined => {
    if (!program) return undefined;
    const budget = { steps: STEP_BUDGET };
    const opts = { anchored, requireEnd: mode === 'fullmatch', start: 0 };
    try {
      return captures ? runProgram(program, input, opts, budget) : testProgram(program, input, opts, budget);
    } catch (e) {
      if (e instanceof BudgetExceeded) return undefined;
      throw e;
    } finally {
      regexWork.steps += STEP_BUDGET - Math.max(budget.steps, 0);
    }
  };

  const run = (input: string, captures: boolean): number[] | null | boolean | undefined => {
    if (input.length > MAX_INPUT_LENGTH) return undefined;
    const fast = program ? linear(input, captures) : undefined;
    // Reading atomic parts as plain ones only admits more: a refusal is already certain.
    if (!backtracker || fast === null || fast === false) return fast;
    if (program && fast === undefined) return undefined;
    return backtracker.exec(input, regexWork);
  };

  const execUncached = (input: string): RegexRun | undefined => {
    const caps = run(input, true);
    if (caps === undefined) return undefined;
    if (caps === null || caps === false) return { matched: false, captures: [] };
    if (caps === true) return { matched: true, captures: [] };
    const captures: string[] = [];
    for (let g = 0; g <= groupCount; g++) {
      const s = caps[2 * g];
      const e = caps[2 * g + 1];
      captures.push(s >= 0 && e >= s ? input.slice(s, e) : '');
    }
    return { matched: true, captures };
  };
  const testUncached = (input: string): boolean | undefined => {
    const r = run(input, false);
    return r === undefined ? undefined : r !== null && r !== false;
  };
  return { ok: true, regex: { translated: t, exec: memoized(execUncached), test: memoized(testUncached) } };
}

/** Inputs remembered per compiled pattern: the few origins every path is probed with, not every origin ever seen. */
const MEMO_LIMIT = 128;

/**
 * One run per input: a check shared by many paths is asked about the same
 * origins again and again. A remembered answer charges `regexWork` the steps
 * its run cost, so budgets that read the meter stop exactly where they did.
 * Callers only read the runs they get, so one object serves them all.
 */
function memoized<T>(match: (input: string) => T): (input: string) => T {
  const memo = new Map<string, { result: T; steps: number }>();
  return (input) => {
    const hit = memo.get(input);
    if (hit) {
      regexWork.steps += hit.steps;
      return hit.result;
    }
    const before = regexWork.steps;
    const result = match(input);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(input, { result, steps: regexWork.steps - before });
    return result;
  };
}

function compileUncached(pattern: string, flavor: RegexFlavor, mode: RegexMode, caseInsensitive: boolean): CompileResult {
  const tr = translatePattern(pattern, flavor, caseInsensitive);
  if (!tr.ok) return tr;
  return compileTranslated(tr.value, flavor, mode);
}
