import type { RegexFlavor, RegexMode } from '../model/origin-matcher';
import { compileProgram, parseTranslated, TooComplex, type Program } from './regex-program';
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
  let program: Program;
  try {
    program = compileProgram(parseTranslated(t), t, flavor, mode === 'fullmatch');
  } catch (e) {
    if (e instanceof TooComplex) return { ok: false, problem: e.message };
    if (e instanceof SyntaxError) return { ok: false, problem: `invalid pattern: ${e.message}` };
    throw e;
  }
  const anchored = mode !== 'search';
  const exec = (input: string): RegexRun | undefined => {
    if (input.length > MAX_INPUT_LENGTH) return undefined;
    let caps: number[] | null;
    const budget = { steps: STEP_BUDGET };
    try {
      caps = runProgram(program, input, { anchored, requireEnd: mode === 'fullmatch', start: 0 }, budget);
    } catch (e) {
      if (e instanceof BudgetExceeded) return undefined;
      throw e;
    } finally {
      regexWork.steps += STEP_BUDGET - Math.max(budget.steps, 0);
    }
    if (caps === null) return { matched: false, captures: [] };
    const captures: string[] = [];
    for (let g = 0; g <= program.groupCount; g++) {
      const s = caps[2 * g];
      const e = caps[2 * g + 1];
      captures.push(s >= 0 && e >= s ? input.slice(s, e) : '');
    }
    return { matched: true, captures };
  };
  const test = (input: string): boolean | undefined => {
    if (input.length > MAX_INPUT_LENGTH) return undefined;
    const budget = { steps: STEP_BUDGET };
    try {
      return testProgram(program, input, { anchored, requireEnd: mode === 'fullmatch', start: 0 }, budget);
    } catch (e) {
      if (e instanceof BudgetExceeded) return undefined;
      throw e;
    } finally {
      regexWork.steps += STEP_BUDGET - Math.max(budget.steps, 0);
    }
  };
  return { ok: true, regex: { translated: t, exec, test } };
}

function compileUncached(pattern: string, flavor: RegexFlavor, mode: RegexMode, caseInsensitive: boolean): CompileResult {
  const tr = translatePattern(pattern, flavor, caseInsensitive);
  if (!tr.ok) return tr;
  return compileTranslated(tr.value, flavor, mode);
}
