import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { PolicyNote } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { blockParams, constantPath, descendants, field, methodName, rbArgs, rubyStringLiteral, spanOf, statementsOf } from './ast';
import { literal } from '../js/policy-parts';
import { blockMatcher, regexMatcher } from './origin-checks';
import { envOf, RbEvaluator, type RbValue } from './values';

/** One `resource` of an `allow` block, with its options as written. */
export interface RackResource {
  path: string | { regex: string };
  call: Node;
  at: Span;
  /** Whether `origins '*'` was already given when `resource` ran: rack-cors fixes the resource's mode then. */
  public: boolean;
  options: Map<string, RbValue>;
  optionNodes: Map<string, Node>;
}

/** One `allow do ... end` block. */
export interface RackAllow {
  /** The origins the block admits; `any` once `'*'` is listed. */
  origins: OriginMatcher;
  /** The `origins` call, where an allowlist fix goes. */
  originsAt?: Span;
  /** Each argument of `origins` and a block given to it, in order. */
  originArgs: Span[];
  resources: RackResource[];
  at: Span;
}

export interface RackMiddleware {
  call: Node;
  at: Span;
  allows: RackAllow[];
  notes: PolicyNote[];
}

const MIDDLEWARE_METHODS = new Set(['use', 'insert_before', 'insert_after', 'insert', 'unshift', 'swap']);

/** `use Rack::Cors do ... end` (config.ru) and `config.middleware.insert_before 0, Rack::Cors do ... end` (Rails). */
export function rackCorsMiddlewares(file: CodeFile): RackMiddleware[] {
  const out: RackMiddleware[] = [];
  for (const n of descendants(file.tree.rootNode)) {
    if (n.type !== 'call' || !MIDDLEWARE_METHODS.has(methodName(n) ?? '')) continue;
    const block = field(n, 'block');
    if (!block || !rbArgs(n).some(isRackCors)) continue;
    out.push(readMiddleware(file, n, block));
  }
  return out;
}

function isRackCors(arg: Node): boolean {
  const name = constantPath(arg) ?? rubyStringLiteral(arg);
  return name?.replace(/^::/, '') === 'Rack::Cors';
}

function readMiddleware(file: CodeFile, call: Node, block: Node): RackMiddleware {
  const evaluator = new RbEvaluator(file);
  const notes: PolicyNote[] = [];
  const allows: RackAllow[] = [];
  // `do |config| config.allow do ... end end` and the bare `allow do ... end` are the same (arity decides in the library).
  for (const s of statementsOf(block)) {
    for (const c of callsIn(s, 'allow')) {
      const inner = field(c, 'block');
      if (inner) allows.push(readAllow(evaluator, inner, notes));
    }
  }
  return { call, at: spanOf(file, call), allows, notes };
}

/** Calls named `name` among statements, also inside `if`s that the library runs at start-up. */
function callsIn(s: Node, name: string): Node[] {
  if (s.type === 'call' && methodName(s) === name) return [s];
  if (s.type === 'identifier' && s.text === name) return [];
  if (['if', 'unless', 'then', 'else', 'body_statement', 'begin', 'if_modifier', 'unless_modifier'].includes(s.type)) {
    const out: Node[] = [];
    for (let i = 0; i < s.namedChildCount; i++) out.push(...callsIn(s.namedChild(i)!, name));
    return out;
  }
  return [];
}

function readAllow(evaluator: RbEvaluator, block: Node, notes: PolicyNote[]): RackAllow {
  const file = evaluator.file;
  const allow: RackAllow = { origins: { kind: 'none' }, originArgs: [], resources: [], at: spanOf(file, block) };
  let starAt: Span | undefined;
  for (const s of statementsOf(block)) {
    for (const c of [...callsIn(s, 'origins'), ...callsIn(s, 'resource')]) {
      if (methodName(c) === 'origins') {
        const read = readOrigins(evaluator, c, notes);
        allow.origins = read.matcher;
        allow.originsAt = spanOf(file, c);
        allow.originArgs = read.args;
        starAt ??= read.starAt;
      } else {
        const r = readResource(evaluator, c, starAt, notes);
        if (r) allow.resources.push(r);
      }
    }
  }
  if (starAt) allow.origins = { kind: 'any', at: allow.originsAt };
  return allow;
}

/**
 * rack-cors 1.1.1 `Resources#origins`: `'*'` makes the block public; `http(s)://`
 * strings and `file://` compare with `==`; any other string is a bare host
 * admitting every scheme (`^[a-z][a-z0-9.+-]*://HOST$`); a Regexp is
 * matched unanchored with `===`; a block (or a lambda) decides.
 */
function readOrigins(evaluator: RbEvaluator, call: Node, notes: PolicyNote[]): { matcher: OriginMatcher; starAt?: Span; args: Span[] } {
  const file = evaluator.file;
  const matchers: OriginMatcher[] = [];
  const args: Span[] = [];
  let starAt: Span | undefined;
  const items: RbValue[] = [];
  for (const a of rbArgs(call)) {
    if (a.type === 'block_argument') continue;
    const v = a.type === 'splat_argument' ? evaluator.evaluate(a.namedChild(0) ?? a) : evaluator.evaluate(a);
    noteEnv(v, notes);
    args.push(spanOf(file, a));
    if (v.kind === 'array') items.push(...flatten(v.items));
    else items.push(v);
  }
  for (const v of items) {
    const at = spanOf(v.file, v.node);
    switch (v.kind) {
      case 'string':
        if (v.value === '') break;
        if (v.value === '*') starAt ??= at;
        else if (/^https?:\/\//.test(v.value) || v.value === 'file://') matchers.push({ kind: 'exact', value: v.value, caseInsensitive: false, at });
        else matchers.push({ kind: 'regex', pattern: `^[a-z][a-z0-9.+-]*:\\/\\/${quoteRuby(v.value)}$`, flavor: 'ruby', mode: 'search', caseInsensitive: false, at });
        break;
      case 'regex': matchers.push(regexMatcher(v, at)); break;
      case 'block': matchers.push(procMatcher(evaluator, v.block)); break;
      case 'nil': break;
      default: matchers.push({ kind: 'opaque', description: v.kind === 'unknown' ? `an origin ${v.why}` : `an origin given as a ${v.kind}`, at });
    }
  }
  const block = field(call, 'block');
  if (block) {
    matchers.push(procMatcher(evaluator, block));
    args.push(spanOf(file, block));
  }
  const matcher: OriginMatcher = matchers.length === 1 ? matchers[0] : { kind: 'or', matchers, at: spanOf(file, call) };
  return { matcher: matchers.length === 0 ? { kind: 'none', at: spanOf(file, call) } : matcher, starAt, args };
}

function flatten(items: RbValue[]): RbValue[] {
  return items.flatMap((i) => (i.kind === 'array' ? flatten(i.items) : [i]));
}

/** `origins { |source, env| ... }`: the origins for which the block answers truthy. */
function procMatcher(evaluator: RbEvaluator, block: Node): OriginMatcher {
  const [source] = blockParams(block);
  const ctx = { evaluator, isOrigin: (n: Node) => source !== undefined && n.type === 'identifier' && n.text === source };
  const m = blockMatcher(ctx, statementsOf(block));
  return { ...m, at: m.at ?? spanOf(evaluator.file, block) } as OriginMatcher;
}

/** `Regexp.quote`: the characters Ruby escapes, so the pattern reads the host literally. */
export function quoteRuby(text: string): string {
  return text.replace(/[.*?+^$|()[\]{}\\/\-#\s]/g, (c) => (c === ' ' ? '\\ ' : `\\${c}`));
}

function readResource(evaluator: RbEvaluator, call: Node, starAt: Span | undefined, notes: PolicyNote[]): RackResource | undefined {
  const isPublic = starAt !== undefined;
  const file = evaluator.file;
  const args = rbArgs(call);
  if (!args[0]) return undefined;
  const p = evaluator.evaluate(args[0]);
  const path = p.kind === 'string' ? p.value : p.kind === 'regex' ? { regex: p.pattern } : undefined;
  if (path === undefined) return undefined;
  const options = new Map<string, RbValue>();
  const optionNodes = new Map<string, Node>();
  for (const a of args.slice(1)) {
    if (a.type === 'pair') {
      const key = field(a, 'key');
      const value = field(a, 'value');
      const name = key && rubyStringLiteral(key);
      if (name && value) {
        const v = evaluator.evaluate(value);
        noteEnv(v, notes);
        options.set(name, v);
        optionNodes.set(name, a);
      }
    } else if (a.type === 'hash' || a.type === 'identifier' || a.type === 'constant' || a.type === 'hash_splat_argument') {
      const v = evaluator.evaluate(a.type === 'hash_splat_argument' ? a.namedChild(0) ?? a : a);
      if (v.kind === 'hash') for (const [k, x] of v.entries) options.set(k, x), optionNodes.set(k, v.keyNodes.get(k) ?? a);
    }
  }
  const credentials = options.get('credentials');
  if (starAt && credentials?.kind === 'boolean' && credentials.value) {
    const credentialsAt = spanOf(file, optionNodes.get('credentials')!);
    notes.push({
      clash: { acao: literal('Access-Control-Allow-Origin', '*', starAt), acac: literal('Access-Control-Allow-Credentials', 'true', credentialsAt) },
      kind: 'throws-at-startup',
      message: "rack-cors raises CorsMisconfigurationError at start-up: credentials: true with origins '*' (\"Allowing credentials for wildcard origins is insecure\")",
      at: credentialsAt,
    });
  }
  return { path, call, at: spanOf(file, call), public: isPublic, options, optionNodes };
}

function noteEnv(v: RbValue, notes: PolicyNote[]): void {
  for (const e of envOf(v)) {
    if (notes.some((n) => n.at.range.start.offset === e.at.range.start.offset)) continue;
    notes.push({ kind: 'depends-on-environment', message: `Read from the environment variable ${e.name}; the model uses the default written in the code.`, at: e.at });
  }
}
