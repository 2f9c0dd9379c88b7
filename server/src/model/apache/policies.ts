import * as path from 'node:path';
import type { Span } from '../../core/range';
import type { FileHost } from '../../engine/source';
import type { ApacheFile, ApacheSection } from '../../parsers/apache/ast';
import type { ApacheConfig } from '../../parsers/apache/loader';
import type { CorsPolicy, PolicyNote, RequestCondition, ResponseBranch } from '../cors-policy';
import { isCorsHeader } from '../predict';
import { mergeContexts, placeFor, type RequestPlace } from './contexts';
import { APACHE_SUCCESS_STATUSES, evaluate, evaluateToHandler, type EvalInput, HandlerStage, type Outcome } from './evaluate';
import { flatten, type FlattenContext, type Item, moduleFacts, type ModuleFacts } from './flatten';
import { Scenario } from './scenario';
import { findServers, type ServerInfo } from './servers';

export interface ApacheModel {
  config: ApacheConfig;
  flat: Item[];
  servers: ServerInfo[];
  modules: ModuleFacts;
  /** `.htaccess` folder → its flattened directives, for the servers whose `AllowOverride` lets them in. */
  htaccess: Map<string, { file: ApacheFile; items: Item[] }>;
  skipped: FlattenContext['skipped'];
  host: FileHost;
}

const METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'];
const ALL_METHODS = [...METHODS, 'PROPFIND'];
/** Facts beyond this many per method are assumed false: 2^4 branches per method is plenty for real configurations. */
const MAX_FACTS = 4;
const RELEVANT = new Set(['header', 'setenvif', 'setenvifnocase', 'setenvifexpr', 'rewriterule', 'rewritecond', 'rewriteengine', 'require', 'proxypass', 'authtype', 'setenv']);

export function buildApacheModel(config: ApacheConfig, host: FileHost, htaccessFiles: ApacheFile[] = []): ApacheModel {
  const ctx: FlattenContext = { config, modules: moduleFacts(config), defines: new Set(), values: new Map(), skipped: [] };
  const flat = flatten(ctx, config.root.nodes);
  const htaccess = new Map<string, { file: ApacheFile; items: Item[] }>();
  for (const f of htaccessFiles) {
    const sub: FlattenContext = { ...ctx, config: { ...config, files: new Map([...config.files, [f.path, f]]) } };
    htaccess.set(path.dirname(f.path), { file: f, items: flatten(sub, f.nodes) });
  }
  return { config, flat, servers: findServers(flat, config.serverRoot, config.root.path), modules: ctx.modules, htaccess, skipped: ctx.skipped, host };
}

function allowOverride(server: ServerInfo, folder: string): boolean {
  let value = 'none';
  const dirs = server.sections.filter((i) => i.s.key === 'directory' && i.s.args[0]?.value !== '~');
  const sorted = dirs
    .map((i, n) => ({ i, n, depth: (i.s.args[0]?.value ?? '').split('/').filter(Boolean).length }))
    .filter(({ i }) => folder === (i.s.args[0]?.value ?? '').replace(/\/+$/, '') || folder.startsWith((i.s.args[0]?.value ?? '').replace(/\/+$/, '') + '/'))
    .sort((a, b) => a.depth - b.depth || a.n - b.n);
  for (const { i } of sorted) {
    for (const it of i.items) if (it.kind === 'directive' && it.d.key === 'allowoverride') value = it.d.args.map((a) => a.value.toLowerCase()).join(' ');
  }
  return /\b(all|fileinfo|authconfig)\b/.test(value);
}

function htaccessFor(model: ApacheModel, server: ServerInfo): Map<string, Item[]> {
  const out = new Map<string, Item[]>();
  for (const [folder, h] of model.htaccess) if (allowOverride(server, folder)) out.set(folder, h.items);
  return out;
}

function loadedFn(modules: ModuleFacts): (m: string) => boolean {
  return (m) => !modules.complete || modules.loaded.has(m);
}

function fileExists(model: ApacheModel, server: ServerInfo, url: string): boolean | undefined {
  if (!server.documentRoot || !model.host.exists(server.documentRoot)) return undefined;
  const p = path.posix.join(server.documentRoot, url);
  return model.host.exists(p) && model.host.glob(path.posix.join(p, '*')).length === 0 && !url.endsWith('/');
}

function condOf(method: string, facts: Array<[RequestCondition, boolean]>): RequestCondition {
  const conds: RequestCondition[] = [{ kind: 'method', methods: [method] }, ...facts.map(([c, v]): RequestCondition => (v ? c : { kind: 'not', cond: c }))];
  return conds.length === 1 ? conds[0] : { kind: 'and', conds };
}

/** Methods the default handler treats alike: an evaluation that never reads the method stands for its whole class. */
const HANDLER_CLASS: Record<string, string> = { OPTIONS: 'OPTIONS', GET: 'GET', HEAD: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'PUT', PATCH: 'PUT', PROPFIND: 'PUT' };

/** Structural equality that stops at the first difference and at shared objects (outcomes share most of their parts). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function sameBranches(a: CorsPolicy, b: CorsPolicy): boolean {
  return a.branches.length === b.branches.length && a.branches.every((x, i) => {
    const y = b.branches[i];
    return deepEqual(x.when, y.when) && deepEqual(x.status, y.status) && deepEqual(x.headers, y.headers);
  });
}

/** FNV-1a steps: an outline is hashed as it is read, never built as a string. */
function mixNumber(h: number, n: number): number {
  return Math.imul(h ^ n, 0x01000193);
}

function mixText(h: number, t: string): number {
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0x2f, 0x01000193);
}

/** What `sameBranches` compares, in outline (statuses, header lines, where they are written): paths that fare alike hash alike. */
function outline(p: CorsPolicy): number {
  let h = 0x811c9dc5;
  for (const b of p.branches) {
    h = mixText(mixText(h, b.when.kind), b.status.kind);
    h = mixNumber(h, b.status.kind === 'fixed' ? b.status.code : -1);
    for (const e of b.headers) {
      h = mixText(mixText(mixText(h, e.key), e.scope), e.mode);
      h = mixNumber(mixNumber(h, e.value.cases.length), e.at.range.start.offset);
    }
    h = mixNumber(h, -2);
  }
  return h;
}

function sameOutcome(a: { status: unknown; headers: unknown }, b: { status: unknown; headers: unknown }): boolean {
  return deepEqual(a.status, b.status) && deepEqual(a.headers, b.headers);
}

/** Branches for every method class and every combination of the request facts the configuration tests. */
function branchesFor(input: EvalInput, at: Span, notes: Set<string>): ResponseBranch[] {
  const branches: ResponseBranch[] = [];
  const probe = new Scenario(METHODS[0]);
  const done = evaluateToHandler(input, probe);
  if (!probe.methodRead && probe.asked.size === 0) {
    // No phase before the handler looked at the method or another request fact: they run alike for every method,
    // and only the handler's answer differs, once per handler class.
    for (const n of probe.notes) notes.add(n);
    const answers = new Map<string, Outcome>();
    for (const method of ALL_METHODS) {
      const cls = HANDLER_CLASS[method];
      let out = done instanceof HandlerStage ? answers.get(cls) : done;
      if (!out) answers.set(cls, (out = (done as HandlerStage).answer(method)));
      addBranch(branches, method, out, method === 'PROPFIND' ? { kind: 'true' } : condOf(method, []), false, at);
    }
    return branches;
  }
  const plain = new Map<string, Outcome>();
  for (const method of ALL_METHODS) {
    const cls = HANDLER_CLASS[method];
    let outcomes: Array<{ out: Outcome; when: RequestCondition; facts: boolean }>;
    const reuse = plain.get(cls);
    const whenOf = (conds: Array<[RequestCondition, boolean]>): RequestCondition => (method === 'PROPFIND' ? { kind: 'true' } : condOf(method, conds));
    if (reuse) outcomes = [{ out: reuse, when: whenOf([]), facts: false }];
    else {
      const probe = new Scenario(method);
      const reached = evaluateToHandler(input, probe);
      // An evaluation that never read the method stands for every method of its handler class.
      const anyMethod = !probe.methodRead;
      const first = reached instanceof HandlerStage ? reached.answer(method) : reached;
      const asked = [...probe.asked.entries()].slice(0, MAX_FACTS);
      for (const n of probe.notes) notes.add(n);
      if (asked.length === 0) {
        outcomes = [{ out: first, when: whenOf([]), facts: false }];
        if (anyMethod && !plain.has(cls)) plain.set(cls, first);
      } else {
        outcomes = [];
        for (let mask = 0; mask < 1 << asked.length; mask++) {
          const facts = new Map(asked.map(([k], i) => [k, (mask & (1 << i)) !== 0]));
          const sc = new Scenario(method, facts);
          const out = evaluate(input, sc);
          for (const n of sc.notes) notes.add(n);
          outcomes.push({ out, when: whenOf(asked.map(([, c], i) => [c, (mask & (1 << i)) !== 0])), facts: true });
        }
      }
    }
    for (const { out, when, facts } of outcomes) addBranch(branches, method, out, when, facts, at);
  }
  return branches;
}

/** A method's outcome joins the previous branch when they answer alike, else starts one of its own. */
function addBranch(branches: ResponseBranch[], method: string, out: Outcome, when: RequestCondition, facts: boolean, at: Span): void {
  const prev = branches[branches.length - 1];
  const same = prev && !facts && prev.when.kind === 'method' && sameOutcome(prev, out);
  if (same && when.kind === 'method' && prev.when.kind === 'method') prev.when.methods.push(method);
  else if (same && when.kind === 'true') prev.when = when;
  else branches.push({ when, status: out.status, headers: out.headers, at, ...(out.upstream ? { passesUpstreamHeaders: out.upstream } : {}) });
}

/**
 * httpd's own answers carry the success table on 200, 206 and 304 only; a
 * proxied answer carries it whatever the upstream's status (seen with real
 * Apache: `Header set` reaches an upstream 404). A path with both keeps every
 * status but those httpd itself answers on its error path.
 */
function successStatusesOf(branches: ResponseBranch[]): number[] {
  if (!branches.some((b) => b.status.kind === 'upstream')) return APACHE_SUCCESS_STATUSES;
  const own = new Set(branches.filter((b) => b.status.kind === 'fixed' && !APACHE_SUCCESS_STATUSES.includes(b.status.code)).map((b) => (b.status.kind === 'fixed' ? b.status.code : 0)));
  const out: number[] = [];
  for (let code = 100; code < 600; code++) if (!own.has(code)) out.push(code);
  return out;
}

export interface PolicyTarget {
  server: ServerInfo;
  url: string;
  label: string;
  at: Span;
  forced: Set<ApacheSection>;
  htaccess?: Map<string, Item[]>;
  /** A real request URL (not a section's stand-in): whether its file exists is read from the document root when visible. */
  concrete?: boolean;
}

/** Servers of one model mostly share a document root, so each (root, URL) is placed once. */
const places = new WeakMap<ApacheModel, Map<string, RequestPlace>>();

function placeOf(model: ApacheModel, server: ServerInfo, url: string): RequestPlace {
  let byKey = places.get(model);
  if (!byKey) places.set(model, (byKey = new Map()));
  const key = `${server.documentRoot ?? ''}\u0000${url}`;
  let place = byKey.get(key);
  if (!place) byKey.set(key, (place = placeFor(server, url)));
  return place;
}

export function policyFor(model: ApacheModel, target: PolicyTarget): CorsPolicy {
  const { server } = target;
  const place = placeOf(model, server, target.url);
  const merged = mergeContexts(server, place, target.htaccess ?? htaccessFor(model, server), target.forced);
  const input: EvalInput = { server, merged, place, loaded: loadedFn(model.modules), fileExists: target.concrete ? fileExists(model, server, target.url) : undefined };
  const notes = new Set<string>();
  const branches = branchesFor(input, target.at, notes);
  const policyNotes: PolicyNote[] = [...notes].map((message) => ({ kind: 'info', message, at: target.at }));
  return {
    id: `${target.at.file}:${target.at.range.start.line + 1}:${target.at.range.start.character + 1}`,
    source: 'apache',
    label: target.label,
    at: target.at,
    branches,
    successStatuses: successStatusesOf(branches),
    endpoint: { hosts: server.names, ports: server.ports, tls: server.tls, path: target.url },
    ...(policyNotes.length ? { notes: policyNotes } : {}),
  };
}

/** The response path of one request (the oracle tests ask for exactly the URL they send). */
export function policyForRequest(model: ApacheModel, server: ServerInfo, url: string): CorsPolicy {
  return policyFor(model, { server, url, label: `${server.label} › ${url}`, at: server.at, forced: new Set(), concrete: true });
}

function hasRelevant(items: Item[]): boolean {
  return items.some((i) => (i.kind === 'directive' ? RELEVANT.has(i.d.key) : hasRelevant(i.items)));
}

function literalPrefix(re: string): string {
  const m = /^\^?((?:[\w\-/.]|\\.)*)/.exec(re);
  return (m ? m[1].replace(/\\(.)/g, '$1') : '') || '/';
}

function sectionUrl(server: ServerInfo, s: ApacheSection, parentUrl: string): string | undefined {
  const arg = s.args[0]?.value === '~' ? s.args[1]?.value ?? '' : s.args[0]?.value ?? '';
  const regex = s.key.endsWith('match') || s.args[0]?.value === '~';
  if (s.key.startsWith('location')) return regex ? literalPrefix(arg) : arg;
  if (s.key.startsWith('directory')) {
    const root = server.documentRoot;
    const dir = regex ? literalPrefix(arg) : arg.replace(/\/+$/, '');
    if (!root || !(dir === root || dir.startsWith(root + '/'))) return regex ? parentUrl : undefined;
    return dir.slice(root.length) + '/';
  }
  const ext = /\\\.\(?(\w+)/.exec(arg)?.[1];
  const name = regex || /[*?[]/.test(arg) ? `file.${ext ?? 'txt'}` : arg;
  return path.posix.join(parentUrl, name);
}

function spanOfSection(s: ApacheSection): Span {
  return { file: s.file, range: s.open };
}

/** One policy per response path: each server, and each of its sections and `.htaccess` files that bear on CORS. */
export function apachePolicies(model: ApacheModel): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  // The server's paths so far by the hash of their outline: only paths of the same outline can fare alike.
  let sameServer = new Map<number, CorsPolicy[]>();
  const keep = (p: CorsPolicy, own: boolean): void => {
    if (!own && !p.branches.some((b) => b.headers.some((h) => isCorsHeader(h.key)))) return;
    // A section whose requests fare exactly like another path of the server (the document root's <Directory>) adds nothing.
    const key = outline(p);
    const alike = sameServer.get(key);
    if (alike?.some((q) => sameBranches(q, p))) return;
    if (alike) alike.push(p);
    else sameServer.set(key, [p]);
    out.push(p);
  };
  for (const server of model.servers) {
    sameServer = new Map();
    keep(policyFor(model, { server, url: '/', label: server.label, at: server.at, forced: new Set() }), false);
    const visit = (sections: typeof server.sections, parents: ApacheSection[], parentUrl: string): void => {
      for (const i of sections) {
        if (!['location', 'locationmatch', 'directory', 'directorymatch', 'files', 'filesmatch'].includes(i.s.key)) continue;
        const url = sectionUrl(server, i.s, parentUrl);
        // The document root's own <Directory> is what the server's '/' path already goes through.
        const isRootDir = i.s.key === 'directory' && parents.length === 0 && url === '/' && i.s.args[0]?.value !== '~';
        if (url !== undefined && !isRootDir && hasRelevant(i.items)) {
          const label = `${server.label} › <${i.s.name} ${i.s.args.map((a) => a.value).join(' ')}>`;
          keep(policyFor(model, { server, url, label, at: spanOfSection(i.s), forced: new Set([...parents, i.s]) }), i.items.some((x) => x.kind === 'directive' && x.d.key === 'header'));
        }
        if (i.s.key.startsWith('directory')) visit(i.items.filter((x): x is (typeof server.sections)[number] => x.kind === 'section'), [...parents, i.s], url ?? parentUrl);
      }
    };
    visit(server.sections, [], '/');
    const root = server.documentRoot;
    for (const [folder, h] of model.htaccess) {
      if (!root || !(folder === root || folder.startsWith(root + '/')) || !allowOverride(server, folder)) continue;
      const url = folder.slice(root.length) + '/';
      const at: Span = { file: h.file.path, range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } } };
      keep(policyFor(model, { server, url, label: `${server.label} › ${path.basename(folder)}/.htaccess`, at, forced: new Set() }), false);
    }
  }
  return out;
}

/** A `.htaccess` analysed for its own folder, as if a server with that document root let it in. */
export function htaccessPolicy(model: ApacheModel, file: ApacheFile): CorsPolicy {
  const folder = path.dirname(file.path);
  const h = model.htaccess.get(folder);
  const zero = { line: 0, character: 0, offset: 0 };
  const at: Span = { file: file.path, range: { start: zero, end: zero } };
  const server: ServerInfo = { label: `${path.basename(folder)}/.htaccess`, at, topItems: [], rewriteItems: [], sections: [], documentRoot: folder, names: [], ports: [], tls: false, serverRoot: folder };
  return policyFor(model, { server, url: '/', label: server.label, at, forced: new Set(), htaccess: new Map([[folder, h?.items ?? []]]) });
}
