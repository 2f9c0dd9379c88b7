import type { Span } from '../../core/range';
import type { NginxConfig } from '../../parsers/nginx/loader';
import type { ErrorPageOutcome, ResponseBranch } from '../cors-policy';
import { runAccessPhase } from './access-phase';
import { contentOf } from './content-phase';
import { effectiveHeaders, emissions } from './headers';
import { errorPagesFor } from './error-pages';
import { childLevel, inheritedItems, inheritedSetting, itemsNamed, spanOf, type Level } from './levels';
import { allOf, initialState, scopeOf, withCond, type Finished, type FlowContext, type PathState } from './path-state';
import { hasScript, pushAll, runScript } from './rewrite-phase';

/** A branch, and whether nginx answers it through its special-response path (an error or redirect of its own). */
export interface FlowPath {
  branch: ResponseBranch;
  special: boolean;
  /** Upstream errors the proxy intercepts (`*_intercept_errors on` and an error page for the status). */
  intercepts?: number[];
}

/**
 * Every branch of one response path, in nginx's phase order: the server's
 * rewrite directives, the location's (skipped when `limit_except` refuses the
 * method: its configuration has no rewrite directives), access checks, content.
 * `location` is undefined for requests that match no location.
 */
export function branchesFor(config: NginxConfig, server: Level, location: Level | undefined, ctx: FlowContext): ResponseBranch[] {
  return flowFor(config, server, location, ctx, false).map((p) => p.branch);
}

/**
 * The paths of a location reached by an internal redirect (an error page): it
 * may be `internal`, and its own errors get no further error page (nginx's
 * `recursive_error_pages off`).
 */
export function redirectedFlow(config: NginxConfig, server: Level, location: Level | undefined, ctx: FlowContext): FlowPath[] {
  return flowFor(config, server, location, ctx, true);
}

function flowFor(config: NginxConfig, server: Level, location: Level | undefined, ctx: FlowContext, redirected: boolean): FlowPath[] {
  const done: Finished[] = [];
  let states: PathState[] = [initialState()];
  // Named locations are entered by internal redirects, after the server's rewrite phase ran.
  const named = location?.directive?.args[0]?.value.startsWith('@') === true;
  if (!named && hasScript(server)) {
    const server1 = runScript(config, server.items, states, ctx, server, server, false);
    pushAll(done, server1.done);
    states = server1.cont.map((s) => ({ ...s, stoppedByBreak: false }));
  }
  const conf0 = location ?? server;
  const pages = !redirected;
  const finished = (f: Finished): FlowPath => ({
    branch: branchOf(f.state, f.conf, f.status, f.at, undefined, ctx, server, pages && !f.noErrorPages, config),
    special: !f.noErrorPages,
  });
  // An `internal` location (or one nested in it: the flag is inherited) answers outside requests 404
  // before its rewrite directives run.
  const internal = location && !named && !redirected ? internalItem(location) : undefined;
  if (internal && location) {
    const at = spanOf(internal.directive);
    const paths = done.map(finished);
    for (const s of states) paths.push({ branch: branchOf(s, location, { kind: 'fixed', code: 404, at }, at, undefined, ctx, server, true, config), special: true });
    return paths;
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
    pushAll(done, r.done);
    afterRewrite = r.cont;
  }
  const groups = byConf(afterRewrite, conf0);
  for (let g = 0; g < groups.length; g++) {
    const conf = groups[g][0];
    const passed = runAccessPhase(conf, groups[g][1], done);
    for (let i = 0; i < passed.length; i++) reachContent.push({ state: passed[i], conf });
  }

  const paths = done.map(finished);
  // Indexed loops here and below: this runs for every location, mostly before the code is optimised.
  for (let r = 0; r < reachContent.length; r++) {
    const { state, conf } = reachContent[r];
    const content = contentOf(conf, conf0, state.handlerIf);
    const at: Span = content.status.at ?? conf0.span;
    // Upstream answers go through error pages only with *_intercept_errors on.
    const intercepting = content.status.kind === 'upstream' && inheritedSetting(conf, `${content.prefix}_intercept_errors`)?.directive.args[0]?.value === 'on';
    // A missing file refused by try_files is nginx's own error, whatever the upstream settings.
    const withPages = content.status.kind !== 'upstream' || content.status.missing !== undefined || intercepting;
    const path: FlowPath = { branch: branchOf(state, conf, content.status, at, content.passesUpstreamHeaders, ctx, server, pages && withPages, config), special: false };
    if (content.status.kind === 'upstream' && !intercepting && content.status.missing !== undefined && path.branch.errorPages) {
      // Only the missing file is nginx's own error here; the upstream's errors pass through untouched.
      const missing = content.status.missing;
      const own = path.branch.errorPages.filter((p) => p.codes.includes(missing)).map((p) => ({ ...p, codes: [missing] }));
      if (own.length) path.branch.errorPages = own;
      else delete path.branch.errorPages;
    }
    if (intercepting) path.intercepts = interceptedCodes(conf);
    paths.push(path);
  }
  return paths;
}

/** Paths grouped by the configuration in effect, in order of first appearance; mostly one group, the location's own. */
function byConf(states: PathState[], conf0: Level): Array<[Level, PathState[]]> {
  let one = true;
  for (let i = 0; i < states.length; i++) if (states[i].conf !== undefined && states[i].conf !== conf0) one = false;
  if (one) return states.length ? [[conf0, states]] : [];
  const groups: Array<[Level, PathState[]]> = [];
  for (const s of states) {
    const conf = s.conf ?? conf0;
    const group = groups.find((g) => g[0] === conf);
    if (group) group[1].push(s);
    else groups.push([conf, [s]]);
  }
  return groups;
}

function branchOf(state: PathState, conf: Level, status: ResponseBranch['status'], at: Span, passes: ResponseBranch['passesUpstreamHeaders'], ctx: FlowContext, server: Level, errorPages: boolean, config: NginxConfig): ResponseBranch {
  const scope = scopeOf(ctx, state);
  const eff = effectiveHeaders(conf);
  const branch: ResponseBranch = {
    when: allOf(state.conds),
    status,
    headers: emissions(eff.decls, scope, conf),
    at,
  };
  if (passes) branch.passesUpstreamHeaders = passes;
  const pages = errorPages && status.kind !== 'unknown' ? errorPagesFor(conf, server, ctx.route, scope, (target) => pageOutcomes(config, server, target, ctx)) : undefined;
  if (pages) branch.errorPages = pages;
  if (eff.dropped) branch.droppedInherited = { headers: emissions(eff.dropped.decls, scope, conf), because: eff.dropped.because };
  return branch;
}


/**
 * How a page's path answers the internal GET: its own errors keep their status, anything else takes the page's.
 * That depends on the server, the target and the configuration's maps and `set` names, not on the branch
 * that falls back to the page: every branch of every location of a server with an `error_page` shares it.
 */
function pageOutcomes(config: NginxConfig, server: Level, target: Level, ctx: FlowContext): ErrorPageOutcome[] {
  const known = (server.memo.pageOutcomes ??= new Map());
  const hit = known.get(target);
  if (hit && hit.maps === ctx.maps && hit.declared === ctx.declared) return hit.outcomes;
  const outcomes = followPage(config, server, target, ctx);
  if (!hit) known.set(target, { maps: ctx.maps, declared: ctx.declared, outcomes });
  return outcomes;
}

function followPage(config: NginxConfig, server: Level, target: Level, ctx: FlowContext): ErrorPageOutcome[] {
  const inner: FlowContext = { ...ctx, paths: 0, capped: undefined };
  const location = target === server ? undefined : target;
  return redirectedFlow(config, server, location, inner).map(({ branch, special, intercepts }) => {
    const outcome: ErrorPageOutcome = { when: branch.when, headers: branch.headers };
    if (special) outcome.status = branch.status.kind === 'fixed' ? branch.status.code : 'unknown';
    else if (branch.status.kind === 'unknown') outcome.status = 'unknown';
    if (branch.passesUpstreamHeaders) outcome.upstream = branch.passesUpstreamHeaders;
    if (intercepts?.length) outcome.intercepts = intercepts;
    if (branch.status.kind === 'fixed') outcome.ownStatus = branch.status.code;
    else if (branch.status.kind === 'static') outcome.ownStatus = 'static';
    return outcome;
  });
}

/** Every status some `error_page` in effect lists. */
function interceptedCodes(conf: Level): number[] {
  const codes = new Set<number>();
  for (const { directive } of inheritedItems(conf, 'error_page')?.items ?? []) {
    for (const a of directive.args) if (/^[0-9]{3}$/.test(a.value)) codes.add(Number(a.value));
  }
  return [...codes];
}

function internalItem(location: Level) {
  for (let l: Level | undefined = location; l && l.kind === 'location'; l = l.parent) {
    const found = itemsNamed(l, 'internal')[0];
    if (found) return found;
  }
  return undefined;
}
