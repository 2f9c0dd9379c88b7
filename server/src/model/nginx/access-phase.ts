import type { Span } from '../../core/range';
import type { RequestCondition, StatusModel } from '../cors-policy';
import { inheritedItems, inheritedSetting, itemsNamed, spanOf, type Level } from './levels';
import { withCond, type Finished, type PathState } from './path-state';

/** What one access handler decided for a path: it let the request through, refused it, or has no say. */
type Verdict = { kind: 'pass' } | { kind: 'declined' } | { kind: 'refuse'; status: StatusModel; at: Span };

interface Trail {
  state: PathState;
  verdicts: Verdict[];
}

/**
 * nginx's access phase for one configuration: `allow`/`deny` (the first rule
 * that matches the client decides), then `auth_basic`, then `auth_request`, in
 * the order nginx runs those handlers. With `satisfy all` (the default) the
 * first refusal answers; with `satisfy any` one handler letting the request
 * through is enough, and otherwise 401 wins over 403. Returns the paths that
 * get through; the others end in `done`.
 */
export function runAccessPhase(conf: Level, states: PathState[], done: Finished[]): PathState[] {
  if (accessFree(conf)) return states;
  let trails: Trail[] = states.map((state) => ({ state, verdicts: [] }));
  trails = trails.flatMap((t) => addressRules(conf, t));
  trails = trails.flatMap((t) => basicAuth(conf, t));
  trails = trails.flatMap((t) => subrequestAuth(conf, t));
  const any = inheritedSetting(conf, 'satisfy')?.directive.args[0]?.value === 'any';
  const passing: PathState[] = [];
  for (const t of trails) {
    const refusals = t.verdicts.filter((v): v is Extract<Verdict, { kind: 'refuse' }> => v.kind === 'refuse');
    let refusal: Extract<Verdict, { kind: 'refuse' }> | undefined;
    if (!any) refusal = refusals[0];
    else if (!t.verdicts.some((v) => v.kind === 'pass') && refusals.length) {
      refusal = refusals.find((r) => r.status.kind === 'fixed' && r.status.code === 401) ?? refusals[0];
    }
    if (refusal) done.push({ state: t.state, status: refusal.status, at: refusal.at, conf });
    else passing.push(t.state);
  }
  return passing;
}

function split(t: Trail, cond: RequestCondition, yes: Verdict, no: Verdict | undefined): Trail[] {
  const out: Trail[] = [];
  const hit = withCond(t.state, cond);
  if (hit) out.push({ state: hit, verdicts: [...t.verdicts, yes] });
  const miss = withCond(t.state, { kind: 'not', cond });
  if (miss) out.push({ state: miss, verdicts: no ? [...t.verdicts, no] : t.verdicts });
  return out;
}

function addressRules(conf: Level, trail: Trail): Trail[] {
  const rules = inheritedItems(conf, 'allow', 'deny');
  if (!rules) return [{ ...trail, verdicts: [...trail.verdicts, { kind: 'declined' }] }];
  let pending: Trail[] = [trail];
  const decided: Trail[] = [];
  for (const { directive: d } of rules.items) {
    const at = spanOf(d);
    const verdict: Verdict = d.name === 'allow' ? { kind: 'pass' } : { kind: 'refuse', status: { kind: 'fixed', code: 403, at }, at };
    const who = d.args[0]?.value ?? '';
    const next: Trail[] = [];
    for (const t of pending) {
      if (who === 'all') {
        decided.push({ ...t, verdicts: [...t.verdicts, verdict] });
        continue;
      }
      const cond: RequestCondition = { kind: 'opaque', text: `the client address matches ${who}`, at };
      for (const s of split(t, cond, verdict, undefined)) (s.verdicts.length > t.verdicts.length ? decided : next).push(s);
    }
    pending = next;
  }
  return [...decided, ...pending.map((t) => ({ ...t, verdicts: [...t.verdicts, { kind: 'declined' } as Verdict] }))];
}

function basicAuth(conf: Level, trail: Trail): Trail[] {
  const basic = inheritedSetting(conf, 'auth_basic');
  if (!basic || basic.directive.args[0]?.value === 'off') return [trail];
  const at = spanOf(basic.directive);
  // The model cannot check a password: an Authorization header (a credentialed browser request) is taken as valid.
  return split(trail, { kind: 'header-present', name: 'authorization' }, { kind: 'pass' }, { kind: 'refuse', status: { kind: 'fixed', code: 401, at }, at });
}

function subrequestAuth(conf: Level, trail: Trail): Trail[] {
  const sub = inheritedSetting(conf, 'auth_request');
  if (!sub || sub.directive.args[0]?.value === 'off') return [trail];
  const at = spanOf(sub.directive);
  const cond: RequestCondition = { kind: 'opaque', text: `the auth_request subrequest to ${sub.directive.args[0]?.value ?? ''} allows the request`, at };
  return split(trail, cond, { kind: 'pass' }, { kind: 'refuse', status: { kind: 'unknown', why: 'auth_request decides (401 or 403 when it refuses)', at }, at });
}

/** The directives of the access phase: a configuration where none is in effect lets every path through. */
const ACCESS_DIRECTIVES = ['allow', 'deny', 'auth_basic', 'auth_request', 'satisfy'];

/** No level from `level` outwards writes an access directive: known once per level, not per path. */
function accessFree(level: Level): boolean {
  let known = level.memo.accessFree;
  if (known === undefined) {
    known = itemsNamed(level, ACCESS_DIRECTIVES).length === 0 && (!level.parent || accessFree(level.parent));
    level.memo.accessFree = known;
  }
  return known;
}
