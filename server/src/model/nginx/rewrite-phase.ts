import type { RequestCondition, StatusModel } from '../cors-policy';
import type { Directive } from '../../parsers/nginx/ast';
import type { NginxConfig } from '../../parsers/nginx/loader';
import { ifCondition } from './if-condition';
import { hasPass } from './content-phase';
import { childLevel, spanOf, type Item, type Level } from './levels';
import { initialState, isFalse, isTrue, MAX_PATHS, negate, scopeOf, withCond, type Finished, type FlowContext, type PathState } from './path-state';
import { templateValue } from './variables';

export interface ScriptResult {
  done: Finished[];
  /** Paths that went through the whole script (or stopped it with `break`). */
  cont: PathState[];
}

/** `^`, `^/`, `.*`, `^(.*)$`, `^/(.*)$`...: patterns every URI (which starts with `/`) matches. */
const MATCHES_EVERY_URI = /^\^?\/?(\(?\.\*\)?)?\$?$/;

/** `return code [text]`, `return code URL`, `return URL`. */
export function returnStatus(d: Directive): StatusModel {
  const at = spanOf(d);
  const first = d.args[0]?.value ?? '';
  if (/^[0-9]{3}$/.test(first)) return { kind: 'fixed', code: Number(first), at };
  if (/^(https?:\/\/|\$scheme)/.test(first)) return { kind: 'fixed', code: 302, at };
  return { kind: 'unknown', why: `return ${first}`, at };
}

/**
 * Runs the rewrite module's directives (`set`, `if`, `return`, `rewrite`,
 * `break`) of one level over every path, the way nginx's script engine does:
 * an `if` block's directives run inline, and a matching `if` in a location
 * makes its own configuration the one in effect. `baseConf` answers a `return`
 * taken while no `if` configuration is in effect.
 */
export function runScript(config: NginxConfig, items: Item[], states: PathState[], ctx: FlowContext, owner: Level, baseConf: Level, ifSwitchesConf: boolean): ScriptResult {
  const script = items === owner.items ? scriptOf(owner) : items.filter(isScript);
  // A level without rewrite directives passes every path on as it came.
  if (script.length === 0) return { done: [], cont: states.slice() };
  const done: Finished[] = [];
  const stopped: PathState[] = [];
  let active = states;
  for (let k = 0; k < script.length; k++) {
    const item = script[k];
    const d = item.directive;
    const next: PathState[] = [];
    for (let j = 0; j < active.length; j++) {
      const s = active[j];
      switch (d.name) {
        case 'set': {
          const name = d.args[0]?.value.replace(/^\$\{?/, '').replace(/\}$/, '').toLowerCase();
          if (!name || d.args.length !== 2) {
            next.push(s);
            break;
          }
          const env = new Map(s.env);
          env.set(name, templateValue(d.args[1].value, { file: d.file, range: d.args[1].range }, scopeOf(ctx, s)));
          next.push({ ...s, env });
          break;
        }
        case 'return': {
          // Below 300, or an error with a text, nginx sends as is; redirects and bare errors go through its
          // special responses, where error pages apply.
          const status = returnStatus(d);
          const plain = status.kind === 'fixed' && (status.code < 300 || (status.code >= 400 && d.args.length > 1));
          done.push({ state: s, status, at: spanOf(d), conf: s.conf ?? baseConf, noErrorPages: plain });
          break;
        }
        case 'break':
          stopped.push(s);
          break;
        case 'rewrite':
          rewrite(d, s, next, stopped, done, ctx, baseConf);
          break;
        case 'if': {
          const outcome = ifCondition(d, scopeOf(ctx, s));
          const ifLevel = childLevel(config, 'if', item, owner);
          const taken = isFalse(outcome.cond) ? undefined : withCond(s, outcome.cond);
          const skipped = isTrue(outcome.cond) ? undefined : withCond(s, negate(outcome.cond));
          if (taken && skipped && ctx.paths >= MAX_PATHS) {
            // One summary per `if` past the cap: requests taking it get an unknown answer.
            const capped = (ctx.capped ??= new Set());
            if (!capped.has(d)) {
              capped.add(d);
              const summary: PathState = { ...initialState(), conds: [outcome.cond] };
              done.push({ state: summary, status: { kind: 'unknown', why: `more than ${MAX_PATHS} paths through the if blocks: not followed`, at: spanOf(d) }, at: spanOf(d), conf: s.conf ?? baseConf });
            }
            next.push(skipped);
            break;
          }
          if (taken && skipped) ctx.paths++;
          if (skipped) next.push(skipped);
          if (taken) {
            const inside: PathState = {
              ...taken,
              conf: ifSwitchesConf ? ifLevel : taken.conf,
              handlerIf: ifSwitchesConf && hasPass(ifLevel) ? ifLevel : taken.handlerIf,
              lastRegex: outcome.originRegex ?? (outcome.otherRegex ? 'other' : taken.lastRegex),
            };
            const r = runScript(config, ifLevel.items, [inside], ctx, ifLevel, baseConf, false);
            pushAll(done, r.done);
            // `break` inside the block ends the whole script; reaching its end continues after it.
            for (const c of r.cont) (c.stoppedByBreak ? stopped : next).push(c);
          }
          break;
        }
      }
    }
    active = next;
  }
  for (const s of stopped) s.stoppedByBreak = true;
  return { done, cont: [...active, ...stopped] };
}

const SCRIPT_DIRECTIVES = new Set(['set', 'if', 'return', 'rewrite', 'break']);

/** Whether a level has any rewrite directive to run. */
export function hasScript(level: Level): boolean {
  return scriptOf(level).length > 0;
}

/** Appends without spreading (a spread walks an iterator, slow in code that has not warmed up). */
export function pushAll<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]);
}

function isScript(item: Item): boolean {
  return SCRIPT_DIRECTIVES.has(item.directive.name);
}

/** The rewrite module's directives of a level, in order: picked once, though every path through the level runs them. */
function scriptOf(level: Level): Item[] {
  return (level.memo.script ??= level.items.filter(isScript));
}

function rewrite(d: Directive, s: PathState, next: PathState[], stopped: PathState[], done: Finished[], ctx: FlowContext, baseConf: Level): void {
  const at = spanOf(d);
  const pattern = d.args[0]?.value ?? '';
  const replacement = d.args[1]?.value ?? '';
  const flag = d.args[2]?.value;
  const always = MATCHES_EVERY_URI.test(pattern);
  const uriCond: RequestCondition = always ? { kind: 'true' } : { kind: 'opaque', text: `the URI matches ${pattern}`, at };
  const matched = withCond(s, uriCond);
  const unmatched = always ? undefined : withCond(s, { kind: 'not', cond: uriCond });
  if (unmatched) next.push(unmatched);
  if (!matched) return;
  ctx.paths++;
  const conf = s.conf ?? baseConf;
  if (flag === 'permanent') done.push({ state: matched, status: { kind: 'fixed', code: 301, at }, at, conf });
  else if (flag === 'redirect' || /^(https?:\/\/|\$scheme)/.test(replacement)) done.push({ state: matched, status: { kind: 'fixed', code: 302, at }, at, conf });
  else if (flag === 'break') stopped.push(matched);
  else done.push({ state: matched, status: { kind: 'unknown', why: 'the rewritten URI is matched against the locations again', at }, at, conf });
}
