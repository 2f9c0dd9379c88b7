import type { Span } from '../../core/range';
import type { ApacheDirective } from '../../parsers/apache/ast';
import type { HeaderEmission, StatusModel } from '../cors-policy';
import { decideAuthz } from './authz';
import type { Context, MergedContexts, RequestPlace } from './contexts';
import { headerValueCases } from './header-value';
import { HeaderTable } from './header-table';
import { serverRedirect } from './redirect';
import { runRewrite } from './rewrite';
import { applySetEnvIf, assignGuarded, contextDirectives, envGateCases, matcherGateCases, reduce, type Scenario, spanOf } from './scenario';
import type { ServerInfo } from './servers';
import { ANY, type Case, type Env, envValue, type EnvValue, memoCross } from './symbolic';
import { type ExprCond, parseExpr } from './expr';
import { type AutoVary, autoVaryEmission, dropRedundantSuccessVary, headersRead, mergeVary } from './vary';

/** Statuses that travel the normal (non-error) path of httpd and so carry `onsuccess` headers. */
export const APACHE_SUCCESS_STATUSES = [200, 206, 304];

export interface EvalInput {
  server: ServerInfo;
  merged: MergedContexts;
  place: RequestPlace;
  loaded(module: string): boolean;
  /** Whether the requested file exists, when the document root can be seen; otherwise undefined. */
  fileExists?: boolean;
}

export interface Outcome {
  status: StatusModel;
  headers: HeaderEmission[];
  /** Sent by httpd itself on its error path (only the always table goes out). */
  errorPath: boolean;
  /**
   * A proxied answer: the upstream's headers land in the success table, so a
   * success-table `set` or `unset` replaces the upstream's copy, while an
   * `always` header goes out beside it (two lines, as real Apache sends).
   */
  upstream?: { hidden: string[]; at: Span };
}

const SETENVIF = new Set(['setenvif', 'setenvifnocase', 'setenvifexpr']);

function directivesOf(ctx: Context): ReadonlyArray<{ d: ApacheDirective; via: Span[] }> {
  return contextDirectives(ctx.items);
}

/** The If gate of a context for this scenario (ANY outside `<If>`). */
function gateOf(ctx: Context, sc: Scenario, env: Env): ReturnType<typeof reduce> {
  return ctx.cond && ctx.section ? reduce(ctx.cond, sc, env, { file: ctx.section.file, range: ctx.section.open }) : ANY;
}

/** A `Header` directive's words as httpd reads them: the same however many paths and scenarios apply it. */
interface HeaderWords {
  always: boolean;
  action: string;
  name: string;
  at: Span;
  takesValue: boolean;
  takesTwo: boolean;
  value: string;
  edit: string[];
  envGate?: { name: string; negate: boolean };
  cond?: ExprCond;
  /** Request headers the `expr=` condition and an `expr=` value read (httpd adds them to `Vary`). */
  condReads: string[];
  valueReads: string[];
  /** A value without format tags: its cases do not depend on the environment. */
  literal?: Case[];
  /** The last value worked out: the variables it read, their values then, and the cases. */
  lastValue?: { names: string[]; values: EnvValue[]; cases: Case[] };
}

const headerWords = new WeakMap<ApacheDirective, HeaderWords | null>();

function wordsOf(d: ApacheDirective): HeaderWords | undefined {
  const known = headerWords.get(d);
  if (known !== undefined) return known ?? undefined;
  const words = readHeaderWords(d);
  headerWords.set(d, words ?? null);
  return words;
}

function readHeaderWords(d: ApacheDirective): HeaderWords | undefined {
  const args = d.args.map((a) => a.value);
  const always = /^(always|onsuccess)$/i.test(args[0] ?? '') && args.shift()!.toLowerCase() === 'always';
  const action = (args.shift() ?? '').toLowerCase();
  const name = args.shift();
  if (!name) return undefined;
  const at = spanOf(d);
  const takesValue = ['set', 'append', 'add', 'merge', 'setifempty'].includes(action);
  const takesTwo = action === 'edit' || action === 'edit*';
  const value = takesValue ? args.shift() ?? '' : '';
  const edit = takesTwo ? args.splice(0, 2) : [];
  const condArg = args.find((a) => /^(env=|expr=)/i.test(a));
  const words: HeaderWords = { always, action, name, at, takesValue, takesTwo, value, edit, condReads: [], valueReads: [] };
  if (condArg && /^env=/i.test(condArg)) {
    const v = condArg.slice(4);
    words.envGate = { name: v.replace(/^!/, ''), negate: v.startsWith('!') };
  } else if (condArg) {
    words.cond = parseExpr(condArg.slice(5));
    words.condReads = headersRead(words.cond);
  }
  if (value.startsWith('expr=')) {
    for (const m of value.matchAll(/%\{(?:req|http):([^}]+)\}|\b(?:req|http)\(\s*['"]([^'"]+)['"]\s*\)/gi)) words.valueReads.push(m[1] ?? m[2]);
  } else if (!value.includes('%')) words.literal = headerValueCases(value, new Map(), at);
  return words;
}

/** A value's cases depend on the variables it reads alone; the paths of a server mostly see the same values of them. */
function valueCasesOf(words: HeaderWords, env: Env): Case[] {
  if (words.literal) return words.literal;
  const last = words.lastValue;
  if (last && last.names.every((n, i) => envValue(env, n) === last.values[i])) return last.cases;
  const names: string[] = [];
  const cases = headerValueCases(words.value, env, words.at, names);
  words.lastValue = { names, values: names.map((n) => envValue(env, n)), cases };
  return cases;
}

const joinGates = memoCross((a, b) => (a.parts === null || b.parts === null ? null : []));
const gateValue = memoCross((g, v) => (g.parts === null ? null : v.parts));

/** `Header [always|onsuccess] action name [value] [replacement] [early|env=[!]X|expr=...]`, applied to its table. */
function applyHeader(d: ApacheDirective, via: Span[], gate: ReturnType<typeof reduce>, tables: Tables, sc: Scenario, env: Env): void {
  const words = wordsOf(d);
  if (!words) return;
  const { action, name, at, takesValue, takesTwo, edit } = words;
  const table = words.always ? tables.always : tables.onsuccess;
  const tableVary = words.always ? tables.varyAlways : tables.varySuccess;
  let gateCases: Case[] = matcherGateCases(gate);
  if (words.envGate) {
    gateCases = joinGates(gateCases, envGateCases(env, words.envGate.name, words.envGate.negate));
  } else if (words.cond) {
    for (const n of words.condReads) tableVary.push({ name: n, when: gate, at });
    gateCases = joinGates(gateCases, matcherGateCases(reduce(words.cond, sc, env, at)));
  }
  for (const n of words.valueReads) tableVary.push({ name: n, when: gate, at });
  if (gateCases.every((c) => c.parts === null)) return;
  if (takesTwo && gateCases.length === 1 && gateCases[0].parts !== null) {
    if (!table.edit(name, edit[0] ?? '', edit[1] ?? '', action === 'edit*')) sc.note(`Header ${action} on a value that depends on the Origin is not modelled (${at.file}:${at.range.start.line + 1})`);
    return;
  }
  if (!takesValue && action !== 'unset') {
    if (action !== 'note') sc.note(`Header ${action} is not modelled (${at.file}:${at.range.start.line + 1})`);
    return;
  }
  const valueCases = action === 'unset' ? [{ when: ANY, parts: [] }] : valueCasesOf(words, env);
  const cases = gateValue(gateCases, valueCases);
  table.apply(action, name, cases, at, via);
}

interface Tables {
  always: HeaderTable;
  onsuccess: HeaderTable;
  /** Headers mod_headers' own expressions read: added to `Vary` at the end of the table. */
  varyAlways: AutoVary[];
  varySuccess: AutoVary[];
}

interface Collected {
  always: HeaderEmission[];
  onsuccess: HeaderEmission[];
  /** Headers the success table sets or unsets for every origin: an upstream's copy of them is not sent. */
  replaced: string[];
}

function collectHeaders(contexts: Context[], sc: Scenario, env: Env, loaded: (m: string) => boolean): Collected {
  const tables: Tables = { always: new HeaderTable('always'), onsuccess: new HeaderTable('success'), varyAlways: [], varySuccess: [] };
  const early: AutoVary[] = [];
  for (const ctx of contexts) {
    if (ctx.cond && ctx.section) for (const name of headersRead(ctx.cond)) early.push({ name, when: ANY, at: { file: ctx.section.file, range: ctx.section.open } });
    const gate = gateOf(ctx, sc, env);
    if (gate.kind === 'none' || !loaded('headers')) continue;
    for (const { d, via } of directivesOf(ctx)) if (d.key === 'header') applyHeader(d, via, gate, tables, sc, env);
  }
  return {
    always: [...tables.always.entries, ...[...sc.varyTerminal, ...tables.varyAlways].map((v) => autoVaryEmission(v, 'always'))],
    onsuccess: [...[...sc.varySuccess, ...early].map((v) => autoVaryEmission(v, 'success')), ...tables.onsuccess.entries, ...tables.varySuccess.map((v) => autoVaryEmission(v, 'success'))],
    replaced: [...tables.onsuccess.replaced],
  };
}

function applySetEnvIfs(contexts: Context[], sc: Scenario, env: Env, url: string | undefined): void {
  for (const ctx of contexts) {
    if (ctx.kind === 'server') continue;
    const gate = gateOf(ctx, sc, env);
    if (gate.kind === 'none') continue;
    for (const { d } of directivesOf(ctx)) if (SETENVIF.has(d.key)) applySetEnvIf(d, env, sc, url);
  }
}

function proxied(input: EvalInput): Span | undefined {
  if (!input.loaded('proxy')) return undefined;
  const url = input.place.url;
  let found: Span | undefined;
  for (const i of input.server.topItems) {
    if (i.kind !== 'directive' || i.d.key !== 'proxypass' || i.d.args.length < 2 || url === undefined) continue;
    const prefix = i.d.args[0].value;
    if (url === prefix || url.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')) return i.d.args[1].value === '!' ? undefined : spanOf(i.d);
  }
  for (const ctx of input.merged.all) {
    if (ctx.kind !== 'location') continue;
    for (const { d } of directivesOf(ctx)) if (d.key === 'proxypass' && d.args.length === 1) found = spanOf(d);
  }
  return found;
}

/** The default handler: OPTIONS answers 200 whether or not the file exists; GET/HEAD/POST serve it; other methods get 405. */
function handlerStatus(input: EvalInput, method: string, proxy: Span | undefined): StatusModel {
  if (proxy) return { kind: 'upstream', at: proxy };
  if (method === 'OPTIONS') return { kind: 'fixed', code: 200 };
  if (method === 'GET' || method === 'HEAD' || method === 'POST') {
    // Where the document root can be seen, whether the file is there is known; otherwise it is the request's to say.
    if (input.fileExists !== undefined) return { kind: 'fixed', code: input.fileExists ? 200 : 404 };
    if (method !== 'POST') return { kind: 'static' };
    return { kind: 'unknown', why: 'POST to a static file: 200 when the file exists, else 404' };
  }
  return { kind: 'fixed', code: 405 };
}

/** What decides how the two tables are joined: whether the success table surely goes out, or surely not. */
function tableJoin(status: StatusModel, errorPath: boolean): { successKnown: boolean; dropSuccess: boolean } {
  // Error responses carry only the `always` table; a success-scoped header left on them is dropped by status in predict,
  // except where the error path uses a status the success path also uses.
  const success = status.kind === 'fixed' && APACHE_SUCCESS_STATUSES.includes(status.code);
  return { successKnown: success && !errorPath, dropSuccess: success && errorPath };
}

function finish(status: StatusModel, errorPath: boolean, headers: Collected): Outcome {
  const { successKnown, dropSuccess } = tableJoin(status, errorPath);
  return { status, headers: joinTables(successKnown, dropSuccess, headers), errorPath };
}

function joinTables(successKnown: boolean, dropSuccess: boolean, headers: Collected): HeaderEmission[] {
  const lines = tableLines(dropSuccess, headers);
  return joinVary(lines, varyJoin(successKnown, dropSuccess, lines, headers));
}

/** The lines of both tables as they go out, before fixup_vary; the success table's only where it may go out. */
function tableLines(dropSuccess: boolean, headers: Collected): HeaderEmission[] {
  // The always table never touches what an upstream sent (that is in the success table): its first line of a
  // header adds to them; later lines of the same header in the table were already resolved against it.
  const firstAlways = new Set<string>();
  const always = headers.always.map((h) => {
    const first = !firstAlways.has(h.key);
    firstAlways.add(h.key);
    return first && h.mode === 'set' ? { ...h, mode: 'add' as const } : h;
  });
  if (dropSuccess) return dropRedundantSuccessVary(always);
  const alwaysKeys = new Set(headers.always.map((h) => h.key));
  const seen = new Set<string>();
  const onsuccess = headers.onsuccess.map((h) => {
    // The tables are separate: the first success-table line of a header the always table also sends is a second line.
    const first = !seen.has(h.key);
    seen.add(h.key);
    return first && h.mode === 'set' && alwaysKeys.has(h.key) ? { ...h, mode: 'add' as const } : h;
  });
  return dropRedundantSuccessVary([...always, ...onsuccess]);
}

type VaryJoin = 'all' | 'success' | 'always';

/** fixup_vary joins every Vary line of the response; where it is unknown whether the success table goes out, each table alone. */
function varyJoin(successKnown: boolean, dropSuccess: boolean, lines: HeaderEmission[], headers: Collected): VaryJoin {
  if (successKnown || dropSuccess || !lines.some((h) => h.key === 'vary' && h.scope === 'success')) return 'all';
  return headers.always.some((h) => h.key === 'vary') ? 'always' : 'success';
}

function joinVary(lines: HeaderEmission[], how: VaryJoin): HeaderEmission[] {
  return mergeVary(lines, how === 'all' ? () => true : (h) => h.scope === how);
}

/**
 * A request that reached the handler: what every phase before it left (the
 * header tables), so the handler's answer for each method can be joined to
 * them without running the phases again.
 */
export class HandlerStage {
  /** The tables' lines with and without the success table, and joined by how fixup_vary joins them: methods whose statuses join them alike share one header list. */
  private readonly lines = new Map<boolean, HeaderEmission[]>();
  private readonly joined = new Map<string, HeaderEmission[]>();

  /** Whether the path is proxied depends on the path alone, not on the method asked. */
  private proxy: Span | null | undefined;

  constructor(private readonly input: EvalInput, private readonly collected: Collected) {}

  answer(method: string): Outcome {
    if (this.proxy === undefined) this.proxy = proxied(this.input) ?? null;
    const status = handlerStatus(this.input, method, this.proxy ?? undefined);
    const errorPath = status.kind === 'fixed' && status.code >= 400;
    const { successKnown, dropSuccess } = tableJoin(status, errorPath);
    let lines = this.lines.get(dropSuccess);
    if (!lines) this.lines.set(dropSuccess, (lines = tableLines(dropSuccess, this.collected)));
    const how = varyJoin(successKnown, dropSuccess, lines, this.collected);
    const key = `${dropSuccess}/${how}`;
    let headers = this.joined.get(key);
    if (!headers) this.joined.set(key, (headers = joinVary(lines, how)));
    const out: Outcome = { status, headers, errorPath };
    if (status.kind === 'upstream' && status.at) out.upstream = { hidden: this.collected.replaced, at: status.at };
    return out;
  }
}

/** What httpd does with one request class, phase by phase. */
export function evaluate(input: EvalInput, sc: Scenario): Outcome {
  const done = evaluateToHandler(input, sc);
  return done instanceof HandlerStage ? done.answer(sc.method) : done;
}

/** Every phase before the handler: an answer where one of them ends the request, else what the handler starts from. */
export function evaluateToHandler(input: EvalInput, sc: Scenario): Outcome | HandlerStage {
  const env: Env = new Map();
  const url = input.place.url;
  const { server, merged } = input;
  if (input.loaded('setenvif')) {
    for (const { d } of contextDirectives(server.topItems)) if (SETENVIF.has(d.key)) applySetEnvIf(d, env, sc, url);
  }
  if (input.loaded('rewrite')) {
    const early = runRewrite(contextDirectives(server.rewriteItems).map((x) => x.d), sc, env, url);
    if (early) {
      const status: StatusModel = early.kind === 'status' ? { kind: 'fixed', code: early.code, at: early.at } : { kind: 'unknown', why: early.why, at: early.at };
      return finish(status, early.kind === 'status', collectHeaders(merged.early, sc, env, input.loaded));
    }
  }
  const redirect = input.loaded('alias') ? serverRedirect(contextDirectives(server.topItems), url) : undefined;
  if (redirect) return finish({ kind: 'fixed', code: redirect.code, at: redirect.at }, true, collectHeaders(merged.early, sc, env, input.loaded));
  if (input.loaded('setenvif')) applySetEnvIfs(merged.all, sc, env, url);
  let authz = decideAuthz(merged.all, sc, env);
  // As for nginx's auth_basic: a request with an Authorization header is taken to carry valid credentials.
  if (authz.result === 'auth' && sc.fact('header:authorization', { kind: 'header-present', name: 'authorization' })) authz = { result: 'granted' };
  if (authz.result === 'denied' || authz.result === 'auth') {
    return finish({ kind: 'fixed', code: authz.result === 'auth' ? 401 : 403, at: authz.at }, true, collectHeaders(merged.all, sc, env, input.loaded));
  }
  if (authz.result === 'unknown') {
    return finish({ kind: 'unknown', why: authz.why ?? 'access control depends on the client', at: authz.at }, false, collectHeaders(merged.all, sc, env, input.loaded));
  }
  if (input.loaded('rewrite')) {
    let rules: Context | undefined;
    for (const c of merged.all) if (c.kind !== 'server' && directivesOf(c).some(({ d }) => d.key === 'rewriterule')) rules = c;
    const late = rules ? runRewrite(directivesOf(rules).map((x) => x.d), sc, env, url) : undefined;
    if (late) {
      const status: StatusModel = late.kind === 'status' ? { kind: 'fixed', code: late.code, at: late.at } : { kind: 'unknown', why: late.why, at: late.at };
      return finish(status, late.kind === 'status', collectHeaders(merged.all, sc, env, input.loaded));
    }
  }
  if (input.loaded('env')) {
    for (const ctx of merged.all) {
      for (const { d } of directivesOf(ctx)) {
        if (d.key === 'setenv' && d.args[0]) assignGuarded(env, d.args[0].value, ANY, d.args[1] ? [{ kind: 'text', text: d.args[1].value }] : [], spanOf(d));
        if (d.key === 'unsetenv') for (const a of d.args) assignGuarded(env, a.value, ANY, null, spanOf(d));
      }
    }
  }
  return new HandlerStage(input, collectHeaders(merged.all, sc, env, input.loaded));
}
