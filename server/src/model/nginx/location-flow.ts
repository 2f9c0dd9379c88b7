import type { Span } from '../../core/range';
import type { NginxConfig } from '../../parsers/nginx/loader';
import type { ResponseBranch } from '../cors-policy';
import { runAccessPhase } from './access-phase';
import { contentOf } from './content-phase';
import { effectiveHeaders, emission } from './headers';
import { errorPagesFor } from './error-pages';
import { childLevel, inheritedSetting, itemsNamed, spanOf, type Level } from './levels';
import { allOf, initialState, scopeOf, withCond, type Finished, type FlowContext, type PathState } from './path-state';
import { runScript } from './rewrite-phase';

/**
 * Every branch of one response path, in nginx's phase order: the server's
 * rewrite directives, the location's (skipped when `limit_except` refuses the
 * method: its configuration has no rewrite directives), access checks, content.
 * `location` is undefined for requests that match no location.
 */
export function branchesFor(config: NginxConfig, server: Level, location: Level | undefined, ctx: FlowContext): ResponseBranch[] {
  const done: Finished[] = [];
  let states: PathState[] = [initialState()];
  // Named locations are entered by internal redirects, after the server's rewrite phase ran.
  const named = location?.directive?.args[0]?.value.startsWith('@') === true;
  if (!named) {
    const server1 = runScript(config, server.items, states, ctx, server, server, false);
    done.push(...server1.done);
    states = server1.cont.map((s) => ({ ...s, stoppedByBreak: false }));
  }
  const conf0 = location ?? server;
  // An `internal` location answers outside requests 404 before its rewrite directives run.
  const internal = location && !named ? itemsNamed(location, 'internal')[0] : undefined;
  if (internal && location) {
    const at = spanOf(internal.directive);
    const branches = done.map((f) => branchOf(f.state, f.conf, f.status, f.at, undefined, ctx, server, !f.noErrorPages));
    for (const s of states) branches.push(branchOf(s, location, { kind: 'fixed', code: 404, at }, at, undefined, ctx, server, true));
    return branches;
  }
  const limit = location ? itemsNamed(location, 'limit_except')[0] : undefined;
  const reachContent: Array<{ state: PathState; conf: Level }> = [];
  let allowedStates = states;
  if (limit && location) {
    const methods = limit.directive.args.map((a) => a.value.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    const limitLevel = childLevel(config, 'limit_except', limit, location);
    const refused: PathState[] = [];
    allowedStates = [];
    for (const s of states) {
      const ok = withCond(s, { kind: 'method', methods });
      const no = withCond(s, { kind: 'not', cond: { kind: 'method', methods } });
      if (ok) allowedStates.push(ok);
      if (no) refused.push(no);
    }
    for (const s of runAccessPhase(limitLevel, refused, done)) reachContent.push({ state: s, conf: limitLevel });
  }
  let afterRewrite = allowedStates;
  if (location) {
    const r = runScript(config, location.items, allowedStates, ctx, location, location, true);
    done.push(...r.done);
    afterRewrite = r.cont;
  }
  const byConf = new Map<Level, PathState[]>();
  for (const s of afterRewrite) {
    const conf = s.conf ?? conf0;
    byConf.set(conf, [...(byConf.get(conf) ?? []), s]);
  }
  for (const [conf, list] of byConf) for (const s of runAccessPhase(conf, list, done)) reachContent.push({ state: s, conf });

  const branches: ResponseBranch[] = done.map((f) => branchOf(f.state, f.conf, f.status, f.at, undefined, ctx, server, !f.noErrorPages));
  for (const { state, conf } of reachContent) {
    const content = contentOf(conf, conf0);
    const at: Span = content.status.at ?? conf0.span;
    // Upstream answers go through error pages only with *_intercept_errors on.
    const intercept = content.status.kind !== 'upstream' || inheritedSetting(conf, `${content.prefix}_intercept_errors`)?.directive.args[0]?.value === 'on';
    branches.push(branchOf(state, conf, content.status, at, content.passesUpstreamHeaders, ctx, server, intercept));
  }
  return branches;
}

function branchOf(state: PathState, conf: Level, status: ResponseBranch['status'], at: Span, passes: ResponseBranch['passesUpstreamHeaders'], ctx: FlowContext, server: Level, errorPages: boolean): ResponseBranch {
  const scope = scopeOf(ctx, state);
  const eff = effectiveHeaders(conf);
  const branch: ResponseBranch = {
    when: allOf(state.conds),
    status,
    headers: eff.decls.map((d) => emission(d, scope, conf)),
    at,
  };
  if (passes) branch.passesUpstreamHeaders = passes;
  const pages = errorPages && status.kind !== 'unknown' ? errorPagesFor(conf, server, ctx.route, scope) : undefined;
  if (pages) branch.errorPages = pages;
  if (eff.dropped) branch.droppedInherited = { headers: eff.dropped.decls.map((d) => emission(d, scope, conf)), because: eff.dropped.because };
  return branch;
}

