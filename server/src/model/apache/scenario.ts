import type { Span } from '../../core/range';
import type { ApacheDirective } from '../../parsers/apache/ast';
import type { RequestCondition } from '../cors-policy';
import type { OriginMatcher } from '../origin-matcher';
import { type ExprCond, parseExpr } from './expr';
import type { Item } from './flatten';
import { and, ANY, type Case, type Env, type EnvValue, envValue, NONE, not, or, prune } from './symbolic';
import { type AutoVary, headersRead } from './vary';

/**
 * One imagined request class: a method, plus the truth of the request facts
 * (other headers, Origin checks that decide a status) the configuration asks
 * about. Facts are recorded the first time they are asked, so a first pass
 * finds them and later passes try each combination.
 */
export class Scenario {
  readonly asked = new Map<string, RequestCondition>();
  readonly notes = new Set<string>();
  /** Request headers httpd adds to `Vary` in the success table (If, SetEnvIfExpr, rewrite conditions). */
  readonly varySuccess: AutoVary[] = [];
  /** ... and on a response a rewrite rule ends (R=, F, G): those go out on the error path too. */
  readonly varyTerminal: AutoVary[] = [];

  /** Whether any phase asked for the method: if none did, every method of a handler class fares alike. */
  methodRead = false;

  constructor(private readonly requested: string, private readonly facts: Map<string, boolean> = new Map()) {}

  get method(): string {
    this.methodRead = true;
    return this.requested;
  }

  fact(key: string, cond: RequestCondition): boolean {
    if (!this.asked.has(key)) this.asked.set(key, cond);
    return this.facts.get(key) ?? false;
  }

  note(text: string): void {
    this.notes.add(text);
  }
}

const where = (s: Span): string => `${s.file}:${s.range.start.line + 1}`;

export function regexMatcher(pattern: string, caseInsensitive: boolean, at?: Span): OriginMatcher {
  return { kind: 'regex', pattern, flavor: 'pcre', mode: 'search', caseInsensitive, ...(at ? { at } : {}) };
}

/** Where an environment variable is set, as an Origin check. */
export function envSetMatcher(env: Env, name: string): OriginMatcher {
  let covered: OriginMatcher = NONE;
  let set: OriginMatcher = NONE;
  for (const c of envValue(env, name)) {
    if (c.parts !== null) set = or(set, and(c.when, not(covered)));
    covered = or(covered, c.when);
  }
  return set;
}

function testRegex(pattern: string, ci: boolean, value: string): boolean | undefined {
  try {
    return new RegExp(pattern, ci ? 'i' : '').test(value);
  } catch {
    return undefined;
  }
}

/** An ap_expr condition for this scenario: an Origin check (ANY/NONE when it does not depend on the Origin). */
export function reduce(c: ExprCond, sc: Scenario, env: Env, at: Span): OriginMatcher {
  switch (c.k) {
    case 'const': return c.v ? ANY : NONE;
    case 'method': return c.methods.includes(sc.method) ? ANY : NONE;
    case 'method-re': return testRegex(c.pattern, c.ci, sc.method) ? ANY : NONE;
    case 'origin-eq': return { kind: 'exact', value: c.value, caseInsensitive: c.ci, at };
    case 'origin-re': return regexMatcher(c.pattern, c.ci, at);
    case 'header': return sc.fact(`header:${c.name}`, { kind: 'header-present', name: c.name }) ? ANY : NONE;
    case 'env': return envSetMatcher(env, c.name);
    case 'not': return not(reduce(c.c, sc, env, at));
    case 'and': return and(reduce(c.a, sc, env, at), reduce(c.b, sc, env, at));
    case 'or': return or(reduce(c.a, sc, env, at), reduce(c.b, sc, env, at));
    case 'opaque':
      sc.note(`cannot evaluate the condition "${c.text}" (${where(at)}); assumed false`);
      return NONE;
  }
}

/** The directives of a context in order, descending into `<Limit>`s; nested per-directory sections are contexts of their own. */
export function contextDirectives(items: Item[]): ReadonlyArray<{ d: ApacheDirective; via: Span[] }> {
  // Every scenario of every path walks the same contexts: list each once.
  let hit = directiveLists.get(items);
  if (!hit) directiveLists.set(items, (hit = collectDirectives(items, [])));
  return hit;
}

const directiveLists = new WeakMap<Item[], Array<{ d: ApacheDirective; via: Span[] }>>();

function collectDirectives(items: Item[], out: Array<{ d: ApacheDirective; via: Span[] }>): Array<{ d: ApacheDirective; via: Span[] }> {
  for (const i of items) {
    if (i.kind === 'directive') out.push({ d: i.d, via: i.via });
    else if (i.s.key === 'limit' || i.s.key === 'limitexcept') collectDirectives(i.items, out);
  }
  return out;
}

export function spanOf(d: ApacheDirective): Span {
  return { file: d.file, range: d.range };
}

/** `VAR=value`, `VAR` (value 1) or `!VAR` of SetEnvIf; `$0`..`$9` are the match's groups. */
function assignment(arg: string, captures: (n: number) => Case['parts']): { name: string; parts: Case['parts'] } {
  if (arg.startsWith('!')) return { name: arg.slice(1), parts: null };
  const eq = arg.indexOf('=');
  if (eq < 0) return { name: arg, parts: [{ kind: 'text', text: '1' }] };
  const value = arg.slice(eq + 1);
  const parts: NonNullable<Case['parts']> = [];
  let lit = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '$' && /[0-9]/.test(value[i + 1] ?? '')) {
      if (lit) parts.push({ kind: 'text', text: lit });
      lit = '';
      parts.push(...(captures(Number(value[++i])) ?? []));
    } else lit += value[i];
  }
  if (lit) parts.push({ kind: 'text', text: lit });
  return { name: arg.slice(0, eq), parts };
}

/**
 * Sets a variable for the origins `when` admits. mod_setenvif tests a missing
 * header as the empty string (real Apache sets `X=$1` from `^(.*)$` with no
 * Origin at all), so the empty origin needs no special case.
 */
export function assignGuarded(env: Env, name: string, when: OriginMatcher, parts: Case['parts'], at: Span): void {
  env.set(name, prune([{ when, parts, at }, ...envValue(env, name)]));
}

/**
 * One matcher object per `SetEnvIf Origin` directive, however many paths and
 * scenarios evaluate it: the paths of a server then share their checks, and
 * whatever reads them once per check reads each once.
 */
const originTests = new WeakMap<ApacheDirective, OriginMatcher>();

function originTest(d: ApacheDirective, pattern: string, ci: boolean): OriginMatcher {
  let m = originTests.get(d);
  if (!m) originTests.set(d, (m = regexMatcher(pattern, ci, { file: d.file, range: d.args[1].range })));
  return m;
}

/** One assignment of a `SetEnvIf Origin` directive, and the value it leaves for each value it found. */
interface OriginStep {
  name: string;
  parts: Case['parts'];
  after: WeakMap<EnvValue, EnvValue>;
}

const originAssignments = new WeakMap<ApacheDirective, OriginStep[]>();

function originSteps(d: ApacheDirective, assignments: string[]): OriginStep[] {
  let steps = originAssignments.get(d);
  if (!steps) {
    steps = assignments.map((a) => ({ ...assignment(a, (n) => [{ kind: 'capture', group: n }]), after: new WeakMap() }));
    originAssignments.set(d, steps);
  }
  return steps;
}

const SPECIAL_ATTRIBUTES = new Set(['remote_host', 'remote_addr', 'server_addr', 'request_protocol']);

/** mod_setenvif: `SetEnvIf attribute regex assignments...`, `SetEnvIfNoCase`, `SetEnvIfExpr expr assignments...`. */
export function applySetEnvIf(d: ApacheDirective, env: Env, sc: Scenario, url: string | undefined): void {
  const at = spanOf(d);
  if (d.key === 'setenvifexpr') {
    const cond = parseExpr(d.args[0]?.value ?? '');
    for (const name of headersRead(cond)) sc.varySuccess.push({ name, when: ANY, at });
    const when = reduce(cond, sc, env, at);
    for (const a of d.args.slice(1)) {
      const { name, parts } = assignment(a.value, () => []);
      assignGuarded(env, name, when, parts, at);
    }
    return;
  }
  if (d.args.length < 3) return;
  const attr = d.args[0].value.toLowerCase();
  const pattern = d.args[1].value;
  const ci = d.key === 'setenvifnocase';
  const assignments = d.args.slice(2).map((a) => a.value);
  if (attr === 'origin') {
    const when = originTest(d, pattern, ci);
    for (const step of originSteps(d, assignments)) {
      // Every path of a server starts from the same value: the same value comes out, shared by all of them.
      const before = envValue(env, step.name);
      let after = step.after.get(before);
      if (!after) step.after.set(before, (after = prune([{ when, parts: step.parts, at }, ...before])));
      env.set(step.name, after);
    }
    return;
  }
  let subject: string | undefined;
  if (attr === 'request_method') subject = sc.method;
  else if (attr === 'request_uri') subject = url;
  else if (!SPECIAL_ATTRIBUTES.has(attr) && /^(\.\+|\.|\^\.\+\$|\^\.)$/.test(pattern)) {
    // A presence test on another request header (e.g. Access-Control-Request-Method).
    if (!sc.fact(`header:${attr}`, { kind: 'header-present', name: attr })) return;
    for (const a of assignments) {
      const { name, parts } = assignment(a, () => []);
      assignGuarded(env, name, ANY, parts, at);
    }
    return;
  }
  if (subject === undefined) {
    sc.note(`cannot evaluate SetEnvIf on ${d.args[0].value} (${where(at)}); assumed not to match`);
    return;
  }
  let m: RegExpExecArray | null = null;
  try {
    m = new RegExp(pattern, ci ? 'i' : '').exec(subject);
  } catch {
    sc.note(`SetEnvIf pattern "${pattern}" is not understood (${where(at)})`);
  }
  if (!m) return;
  const groups = m;
  for (const a of assignments) {
    const { name, parts } = assignment(a, (n) => (groups[n] ? [{ kind: 'text', text: groups[n] }] : []));
    assignGuarded(env, name, ANY, parts, at);
  }
}

/**
 * `env=VAR` (or `env=!VAR`) as a first-match list of on (`[]`) and off (`null`)
 * cases, kept in the variable's own case order so a regex case stays a plain
 * regex and its capture groups survive crossing with the value.
 */
export function envGateCases(env: Env, name: string, negate: boolean): Case[] {
  const value = envValue(env, name);
  const memo = negate ? negatedGates : gates;
  let cases = memo.get(value);
  if (!cases) memo.set(value, (cases = value.map((c) => ({ when: c.when, parts: (c.parts !== null) !== negate ? [] : null }))));
  return cases;
}

/** Gates read from one variable value, which the paths of a server share: read-only, like the value. */
const gates = new WeakMap<EnvValue, Case[]>();
const negatedGates = new WeakMap<EnvValue, Case[]>();

const OPEN_GATE: Case[] = [{ when: ANY, parts: [] }];
const matcherGates = new WeakMap<OriginMatcher, Case[]>();

/** The gate of an Origin check; one (read-only) list per check object. */
export function matcherGateCases(m: OriginMatcher): Case[] {
  if (m.kind === 'any') return OPEN_GATE;
  let cases = matcherGates.get(m);
  if (!cases) matcherGates.set(m, (cases = prune([{ when: m, parts: [] }, { when: ANY, parts: null }])));
  return cases;
}
