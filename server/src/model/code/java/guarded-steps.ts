import type { Span } from '../../../core/range';
import type { HeaderEmission, RequestCondition, ResponseBranch, StatusModel } from '../../cors-policy';
import { and, branch } from '../js/policy-parts';

/** Past this many independent checks, the combinations are not spelled out one by one. */
const MAX_GUARDS = 4;

/** One header set or status chosen by hand-written code, under the checks that lead to it. */
export interface Step {
  guard: RequestCondition;
  header?: HeaderEmission;
  status?: number;
  /** The call or assignment that sets the status. */
  statusAt?: Span;
  at: unknown;
}

/**
 * Every combination of the distinct checks as one branch, so each request
 * takes exactly the headers whose checks hold (the last status set wins).
 */
export function combine(steps: Step[], at: Span): ResponseBranch[] {
  const keyOf = (c: RequestCondition) => JSON.stringify(c, (k, v) => (k === 'at' ? undefined : v));
  const distinct = new Map<string, RequestCondition>();
  for (const s of steps) if (s.guard.kind !== 'true' && distinct.size < MAX_GUARDS) distinct.set(keyOf(s.guard), s.guard);
  const conds = [...distinct.values()];
  const out: ResponseBranch[] = [];
  for (let mask = (1 << conds.length) - 1; mask >= 0; mask--) {
    const holds = (g: RequestCondition) => {
      if (g.kind === 'true') return true;
      const i = conds.findIndex((c) => keyOf(c) === keyOf(g));
      return i >= 0 && (mask & (1 << i)) !== 0;
    };
    const when = and(...conds.map((c, i) => (mask & (1 << i) ? c : { kind: 'not' as const, cond: c })));
    const taken = steps.filter((s) => holds(s.guard));
    const last = [...taken].reverse().find((s) => s.status !== undefined);
    const status: StatusModel = last ? { kind: 'fixed', code: last.status!, at: last.statusAt ?? at } : { kind: 'app', at };
    out.push(branch(when, status, taken.flatMap((s) => (s.header ? [s.header] : [])), at));
  }
  return out;
}
