import type { Inst, Program } from './regex-program';
import { holds } from './regex-semantics';

/**
 * Runs a compiled program over the input keeping every live thread in step
 * (Pike's construction): each position visits each instruction at most once,
 * so time is bounded by input length × program size whatever the pattern.
 * Thread order follows the backtracking engines' priorities, so the match and
 * its capture groups are the ones PCRE, V8, Python and friends report.
 *
 * V8's own linear-time mode (the `l` flag behind --enable-experimental-regexp-engine)
 * was not enough: it refuses case-insensitive patterns, counted repeats such as
 * `(.*a){20}` and every lookaround, and it knows only JavaScript's anchors.
 * Lookarounds here run as nested machines charged to the same step budget;
 * backreferences, atomic groups and possessive repeats go to regex-backtrack.ts.
 */

/** Steps charged for starting any run, so many tiny lookaround runs still add up. */
const RUN_OVERHEAD = 64;

export class BudgetExceeded extends Error {}

/** Work left for one top-level match, shared with nested lookaround runs. */
export interface Budget {
  steps: number;
}

interface Thread {
  pc: number;
  caps: number[];
}

export interface RunOptions {
  /** Only try a match starting at `start`. */
  anchored: boolean;
  /** A match must end at the end of the input (fullmatch, and lookbehind sub-runs). */
  requireEnd: boolean;
  start: number;
}

function lookaround(inst: Extract<Inst, { op: 'look' }>, input: string, pos: number, budget: Budget): boolean {
  let found = false;
  if (!inst.behind) {
    found = testProgram(inst.sub, input, { anchored: true, requireEnd: false, start: pos }, budget);
  } else {
    budget.steps -= pos;
    const head = input.slice(0, pos);
    for (let q = pos; q >= 0 && !found; q--) {
      found = testProgram(inst.sub, head, { anchored: true, requireEnd: true, start: q }, budget);
    }
  }
  return found !== inst.negate;
}

/** Returns capture offsets (start/end pairs, -1 when unset) of the preferred match, or null. */
export function runProgram(prog: Program, input: string, opts: RunOptions, budget: Budget): number[] | null {
  const insts = prog.insts;
  // Setting up a run costs about as much as visiting every instruction once.
  budget.steps -= Math.max(insts.length, RUN_OVERHEAD);
  if (budget.steps < 0) throw new BudgetExceeded('pattern too costly for this input');
  const mark = new Int32Array(insts.length).fill(-1);
  const slots = 2 * (prog.groupCount + 1);
  const len = input.length;
  let matched: number[] | null = null;

  const add = (list: Thread[], pc0: number, caps0: number[], pos: number): void => {
    const stack: Thread[] = [{ pc: pc0, caps: caps0 }];
    while (stack.length > 0) {
      const { pc, caps } = stack.pop()!;
      if (mark[pc] === pos) continue;
      mark[pc] = pos;
      if (--budget.steps < 0) throw new BudgetExceeded('pattern too costly for this input');
      const inst = insts[pc];
      switch (inst.op) {
        case 'jmp': stack.push({ pc: inst.x, caps }); break;
        case 'split':
          // Push the lower-priority branch first so the preferred one is explored first.
          stack.push({ pc: inst.y, caps }, { pc: inst.x, caps });
          break;
        case 'save': {
          const next = caps.slice();
          next[inst.slot] = pos;
          stack.push({ pc: pc + 1, caps: next });
          break;
        }
        case 'clear': {
          const next = caps.slice();
          for (const slot of inst.slots) next[slot] = -1;
          stack.push({ pc: pc + 1, caps: next });
          break;
        }
        case 'assert':
          if (holds(inst.kind, input, pos, prog)) stack.push({ pc: pc + 1, caps });
          break;
        case 'look':
          if (lookaround(inst, input, pos, budget)) stack.push({ pc: pc + 1, caps });
          break;
        default:
          list.push({ pc, caps });
      }
    }
  };

  let clist: Thread[] = [];
  const fresh = new Array<number>(slots).fill(-1);
  for (let pos = opts.start; pos <= len; pos++) {
    if (matched === null && (!opts.anchored || pos === opts.start)) add(clist, 0, fresh, pos);
    const nlist: Thread[] = [];
    for (const t of clist) {
      const inst = insts[t.pc];
      if (inst.op === 'char') {
        if (--budget.steps < 0) throw new BudgetExceeded('pattern too costly for this input');
        if (pos < len && inst.test(input.charCodeAt(pos))) add(nlist, t.pc + 1, t.caps, pos + 1);
      } else if (inst.op === 'match') {
        if (opts.requireEnd && pos !== len) continue;
        matched = t.caps;
        // Lower-priority threads can no longer win.
        break;
      }
    }
    clist = nlist;
    if (clist.length === 0 && (matched !== null || opts.anchored)) break;
  }
  return matched;
}

/**
 * Whether the program matches at all: the same walk without capture bookkeeping,
 * stopping at the first thread that reaches `match`. Threads are bare
 * instruction indexes kept in sparse sets, which is what makes assessment,
 * with its many candidate origins, cheap.
 */
export function testProgram(prog: Program, input: string, opts: RunOptions, budget: Budget): boolean {
  const insts = prog.insts;
  budget.steps -= Math.max(insts.length, RUN_OVERHEAD);
  if (budget.steps < 0) throw new BudgetExceeded('pattern too costly for this input');
  const len = input.length;
  const mark = new Int32Array(insts.length).fill(-1);
  let clist = new Int32Array(insts.length);
  let nlist = new Int32Array(insts.length);
  let ccount = 0;
  let ncount = 0;
  const stack: number[] = [];
  let found = false;

  // Follows empty transitions from pc at pos into the list; reports a reachable match.
  const add = (list: Int32Array, count: number, pc0: number, pos: number): number => {
    stack.push(pc0);
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (mark[pc] === pos) continue;
      mark[pc] = pos;
      if (--budget.steps < 0) throw new BudgetExceeded('pattern too costly for this input');
      const inst = insts[pc];
      switch (inst.op) {
        case 'jmp': stack.push(inst.x); break;
        case 'split': stack.push(inst.y, inst.x); break;
        case 'save': case 'clear': stack.push(pc + 1); break;
        case 'assert': if (holds(inst.kind, input, pos, prog)) stack.push(pc + 1); break;
        case 'look': if (lookaround(inst, input, pos, budget)) stack.push(pc + 1); break;
        case 'match':
          if (!opts.requireEnd || pos === len) found = true;
          break;
        default: list[count++] = pc;
      }
    }
    return count;
  };

  for (let pos = opts.start; pos <= len; pos++) {
    if (!opts.anchored || pos === opts.start) ccount = add(clist, ccount, 0, pos);
    if (found) return true;
    ncount = 0;
    for (let k = 0; k < ccount; k++) {
      const pc = clist[k];
      const inst = insts[pc];
      if (--budget.steps < 0) throw new BudgetExceeded('pattern too costly for this input');
      if (inst.op === 'char' && pos < len && inst.test(input.charCodeAt(pos))) ncount = add(nlist, ncount, pc + 1, pos + 1);
    }
    if (found) return true;
    [clist, nlist] = [nlist, clist];
    ccount = ncount;
    if (ccount === 0 && opts.anchored) return false;
  }
  return false;
}
