import type { RequestCondition } from '../cors-policy';
import { inheritedItems, inheritedSetting, spanOf, type Level } from './levels';
import { withCond, type Finished, type PathState } from './path-state';

/**
 * nginx's access phase for one configuration: `allow`/`deny` first (the first
 * rule that matches the client decides), then `auth_basic`, then `auth_request`
 * (nginx runs the access handlers in that order). Returns the paths that get
 * through; the others end in `done`.
 */
export function runAccessPhase(conf: Level, states: PathState[], done: Finished[]): PathState[] {
  let passing = states;
  const rules = inheritedItems(conf, 'allow', 'deny');
  if (rules) {
    const through: PathState[] = [];
    let pending = passing;
    for (const { directive: d } of rules.items) {
      const at = spanOf(d);
      const allow = d.name === 'allow';
      const who = d.args[0]?.value ?? '';
      const next: PathState[] = [];
      for (const s of pending) {
        if (who === 'all') {
          if (allow) through.push(s);
          else done.push({ state: s, status: { kind: 'fixed', code: 403, at }, at, conf });
          continue;
        }
        const cond: RequestCondition = { kind: 'opaque', text: `the client address matches ${who}`, at };
        const hit = withCond(s, cond);
        const miss = withCond(s, { kind: 'not', cond });
        if (hit) {
          if (allow) through.push(hit);
          else done.push({ state: hit, status: { kind: 'fixed', code: 403, at }, at, conf });
        }
        if (miss) next.push(miss);
      }
      pending = next;
    }
    passing = [...through, ...pending];
  }

  const basic = inheritedSetting(conf, 'auth_basic');
  if (basic && basic.directive.args[0]?.value !== 'off') {
    const at = spanOf(basic.directive);
    const next: PathState[] = [];
    // The model cannot check a password: an Authorization header is taken as valid.
    const cond: RequestCondition = { kind: 'header-present', name: 'authorization' };
    for (const s of passing) {
      const ok = withCond(s, cond);
      const denied = withCond(s, { kind: 'not', cond });
      if (ok) next.push(ok);
      if (denied) done.push({ state: denied, status: { kind: 'fixed', code: 401, at }, at, conf });
    }
    passing = next;
  }

  const sub = inheritedSetting(conf, 'auth_request');
  if (sub && sub.directive.args[0]?.value !== 'off') {
    const at = spanOf(sub.directive);
    const next: PathState[] = [];
    const cond: RequestCondition = { kind: 'opaque', text: `the auth_request subrequest to ${sub.directive.args[0]?.value ?? ''} allows the request`, at };
    for (const s of passing) {
      const ok = withCond(s, cond);
      const denied = withCond(s, { kind: 'not', cond });
      if (ok) next.push(ok);
      if (denied) done.push({ state: denied, status: { kind: 'unknown', why: 'auth_request decides (401 or 403 when it refuses)', at }, at, conf });
    }
    passing = next;
  }
  return passing;
}
