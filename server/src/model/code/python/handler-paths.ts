import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { RequestCondition, SymbolicValue } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { bothMatchers } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import { comparisonOperators, dottedPy, field, named, pyArgs, pyString, spanOf, unwrapPy } from './ast';
import { findPyBinding } from './bindings';
import { pyConditionMatcher, type PyCheckContext } from './origin-checks';
import { headerValue, isOriginExpr } from './header-values';
import { requestCondition } from './request-conditions';
import type { PyEvaluator } from './values';

/** One header line a hand-written handler sets on a path through it. */
export interface PySetHeader {
  name: string;
  value: SymbolicValue;
  mode: 'set' | 'add';
  /** The statement or call that sets it. */
  at: Span;
  /** The receiver of `X.headers[...] = ...` or `X[...] = ...`, for fixes that add a sibling line. */
  receiver?: string;
}

/** One way through a handler for one kind of request. */
export interface PyHandlerPath {
  guard: OriginMatcher;
  headers: PySetHeader[];
  /** `unset` until the code sets one; a view that returns then answers 200, a hook leaves it to the app. */
  status: number | 'app' | 'unknown' | 'unset';
  statusAt?: Span;
  /** Conditions on something other than the Origin (the path, a cookie) that led here. */
  route: string[];
  /** The same conditions as the model can read them (a request header's presence), opaque otherwise. */
  conds: RequestCondition[];
  /** Ended by an exception (`raise`, Flask's `abort`): what the code set on its response is lost. */
  raised?: boolean;
}

interface Step {
  path: PyHandlerPath;
  ended: boolean;
}

const MAX_PATHS = 64;
/** Response constructors whose `status`/`status_code` and `headers` the walker reads. */
const RESPONSES = /(^|\.)(make_response|Response|HttpResponse|JsonResponse|PlainTextResponse|HTMLResponse|JSONResponse|jsonify|HttpResponseBase)$/;
const HEADER_METHODS = new Set(['add', 'set', 'append', 'add_header', 'setdefault', 'setlist']);

/**
 * Runs a Python request handler symbolically for one method (OPTIONS or not),
 * splitting on checks of the request Origin: the headers set, the status and
 * how each path ends.
 */
export class PyHandlerWalker {
  private budget = 3000;
  readonly ctx: PyCheckContext;

  constructor(
    private readonly evaluator: PyEvaluator,
    private readonly file: CodeFile,
    private readonly method: 'OPTIONS' | 'GET',
  ) {
    const starlette = /^\s*(from|import)\s+(starlette|fastapi)\b/m.test(file.text);
    this.ctx = { file, evaluator, isOrigin: (n) => isOriginExpr(file, n), noneHeader: starlette ? 'error' : 'text' };
  }

  run(body: Node, initial: PyHandlerPath['status']): PyHandlerPath[] {
    const start: PyHandlerPath = { guard: { kind: 'any' }, headers: [], status: initial, route: [], conds: [] };
    return this.block(named(body), start).map((s) => s.path);
  }

  private block(stmts: Node[], path: PyHandlerPath): Step[] {
    let live: PyHandlerPath[] = [path];
    const done: Step[] = [];
    for (const s of stmts) {
      const next: PyHandlerPath[] = [];
      for (const p of live) {
        for (const r of this.statement(s, p)) (r.ended ? done.push(r) : next.push(r.path));
      }
      live = next.slice(0, MAX_PATHS);
      if (live.length === 0 || --this.budget < 0) break;
    }
    return [...done, ...live.map((p) => ({ path: p, ended: false }))].slice(0, MAX_PATHS);
  }

  private statement(s: Node, p: PyHandlerPath): Step[] {
    switch (s.type) {
      case 'block': return this.block(named(s), p);
      case 'if_statement': return this.ifStatement(s, p);
      case 'return_statement': {
        const e = named(s)[0];
        return [{ path: e ? this.returned(unwrapPy(e), p) : p, ended: true }];
      }
      case 'raise_statement': return [{ path: { ...p, headers: [], status: 500, statusAt: spanOf(this.file, s), raised: true }, ended: true }];
      case 'expression_statement': return [this.expression(unwrapPy(named(s)[0] ?? s), p)];
      case 'try_statement': return this.block(named(field(s, 'body') ?? s).filter((c) => c.type !== 'except_clause'), p);
      case 'with_statement': return this.block(named(field(s, 'body') ?? s), p);
      default: return [{ path: p, ended: false }];
    }
  }

  private ifStatement(s: Node, p: PyHandlerPath): Step[] {
    const cond = field(s, 'condition')!;
    const then = field(s, 'consequence')!;
    const rest = named(s).filter((c) => c.type === 'elif_clause' || c.type === 'else_clause');
    const otherwise = (q: PyHandlerPath): Step[] => {
      const [first, ...more] = rest;
      if (!first) return [{ path: q, ended: false }];
      if (first.type === 'else_clause') return this.block(named(field(first, 'body') ?? first), q);
      // An `elif` is an `if` of its own over the remaining clauses.
      return this.conditional(field(first, 'condition')!, field(first, 'consequence')!, q, (r) => {
        const saved = rest.splice(0, rest.length, ...more);
        try {
          return otherwise(r);
        } finally {
          rest.splice(0, rest.length, ...saved);
        }
      });
    };
    return this.conditional(cond, then, p, otherwise);
  }

  private conditional(cond: Node, then: Node, p: PyHandlerPath, otherwise: (q: PyHandlerPath) => Step[]): Step[] {
    const method = this.methodTest(unwrapPy(cond));
    if (method !== undefined) return method ? this.block(named(then), p) : otherwise(p);
    if (!this.mentionsOrigin(cond)) {
      // A routing decision (path, auth, body): both ways are possible for any Origin.
      const text = cond.text.slice(0, 80);
      const c = requestCondition(this.file, cond);
      return [
        ...this.block(named(then), { ...p, route: [...p.route, text], conds: [...p.conds, c] }),
        ...otherwise({ ...p, route: [...p.route, `not ${text}`], conds: [...p.conds, { kind: 'not', cond: c }] }),
      ];
    }
    const m = this.memo(this.matchers, cond, () => pyConditionMatcher(this.ctx, cond));
    const notM: OriginMatcher = m.kind === 'not' ? m.matcher : m.kind === 'any' ? { kind: 'none' } : m.kind === 'none' ? { kind: 'any' } : { kind: 'not', matcher: m, at: m.at };
    const yes = bothMatchers(p.guard, m);
    const no = bothMatchers(p.guard, notM);
    return [
      ...(yes.kind === 'none' ? [] : this.block(named(then), { ...p, guard: yes })),
      ...(no.kind === 'none' ? [] : otherwise({ ...p, guard: no })),
    ];
  }

  /** `request.method == 'OPTIONS'` and the like: whether it holds for this walk, undefined for other conditions. */
  private methodTest(n: Node): boolean | undefined {
    if (n.type === 'not_operator') {
      const inner = this.methodTest(unwrapPy(field(n, 'argument')!));
      return inner === undefined ? undefined : !inner;
    }
    if (n.type !== 'comparison_operator') return undefined;
    const ops = comparisonOperators(n);
    const [left, right] = named(n);
    if (ops.length !== 1 || !left || !right || !/(^|\.)method$/.test(dottedPy(left) ?? '')) return undefined;
    const v = this.evaluator.evaluate(this.file, right);
    const methods = v.kind === 'string' ? [v.value] : v.kind === 'list' || v.kind === 'set' ? v.items.map((i) => (i.kind === 'string' ? i.value : '')) : undefined;
    if (!methods) return undefined;
    const holds = this.method === 'OPTIONS' ? methods.includes('OPTIONS') : methods.includes('GET') || methods.includes('POST');
    // Non-OPTIONS walks stand for GET and POST alike; a test that tells them apart is not decided here.
    if (this.method === 'GET' && methods.includes('GET') !== methods.includes('POST')) return undefined;
    const op = ops[0];
    if (op === '==' || op === 'in' || op === 'is') return holds;
    if (op === '!=' || op === 'not in' || op === 'is not') return !holds;
    return undefined;
  }

  private mentionsOrigin(n: Node): boolean {
    return this.memo(this.mentions, n, () => {
      if (this.ctx.isOrigin(unwrapPy(n))) return true;
      for (let i = 0; i < n.namedChildCount; i++) if (this.mentionsOrigin(n.namedChild(i)!)) return true;
      return false;
    });
  }

  /** Every path reaches the same conditions and values: each is worked out once per node. */
  private memo<T>(cache: Map<string, T>, n: Node, compute: () => T): T {
    const key = `${n.startIndex}:${n.endIndex}:${n.type}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = compute();
      cache.set(key, v);
    }
    return v;
  }

  private readonly mentions = new Map<string, boolean>();
  private readonly matchers = new Map<string, OriginMatcher>();
  private readonly values = new Map<string, SymbolicValue>();

  private expression(e: Node, p: PyHandlerPath): Step {
    if (e.type === 'assignment') return { path: this.assignment(e, p), ended: false };
    if (e.type === 'call') return this.call(e, p);
    return { path: p, ended: false };
  }

  private assignment(e: Node, p: PyHandlerPath): PyHandlerPath {
    const left = unwrapPy(field(e, 'left')!);
    const right = field(e, 'right');
    if (!right) return p;
    if (left.type === 'subscript') {
      const key = this.evaluator.evaluate(this.file, field(left, 'subscript') ?? left);
      if (key.kind !== 'string' || !isCorsName(key.value)) return p;
      const target = dottedPy(field(left, 'value')!);
      const receiver = target?.endsWith('.headers') ? target.slice(0, -8) : target;
      return this.setHeader(p, key.value, right, 'set', spanOf(this.file, e), receiver && `${target}`);
    }
    if (left.type === 'attribute' && /^(status_code|status)$/.test(field(left, 'attribute')!.text)) {
      const v = this.evaluator.evaluate(this.file, right);
      return { ...p, status: v.kind === 'number' ? v.value : 'unknown', statusAt: spanOf(this.file, e) };
    }
    const r = unwrapPy(right);
    if (r.type === 'call') return this.constructed(r, p);
    return p;
  }

  private call(c: Node, p: PyHandlerPath): Step {
    const callee = unwrapPy(field(c, 'function')!);
    const name = this.evaluator.calleeName(this.file, callee) ?? '';
    const { positional } = pyArgs(c);
    if (/(^|\.)abort$/.test(name)) {
      const v = positional[0] ? this.evaluator.evaluate(this.file, positional[0]) : undefined;
      return { path: { ...p, headers: [], status: v?.kind === 'number' ? v.value : 'unknown', statusAt: spanOf(this.file, c), raised: true }, ended: true };
    }
    if (/(^|\.)patch_vary_headers$/.test(name) && positional[1]) {
      const v = this.evaluator.evaluate(this.file, positional[1]);
      const names = v.kind === 'list' ? v.items.filter((i) => i.kind === 'string').map((i) => (i as { value: string }).value) : [];
      if (names.length > 0) return { path: this.addHeaderText(p, 'Vary', names.join(', '), spanOf(this.file, c)), ended: false };
    }
    if (callee.type !== 'attribute') return { path: p, ended: false };
    const method = field(callee, 'attribute')!.text;
    const owner = dottedPy(field(callee, 'object')!) ?? '';
    // `response.vary.add('Origin')` (Werkzeug).
    if (owner.endsWith('.vary') && method === 'add' && positional[0]) {
      const v = this.evaluator.evaluate(this.file, positional[0]);
      if (v.kind === 'string') return { path: this.addHeaderText(p, 'Vary', v.value, spanOf(this.file, c)), ended: false };
    }
    if (owner.endsWith('headers') && HEADER_METHODS.has(method) && positional[0] && positional[1]) {
      const k = this.evaluator.evaluate(this.file, positional[0]);
      if (k.kind === 'string' && isCorsName(k.value)) {
        const mode = method === 'set' || method === 'setlist' ? 'set' : 'add';
        if (method === 'setdefault' && p.headers.some((h) => h.name.toLowerCase() === k.value.toLowerCase())) return { path: p, ended: false };
        return { path: this.setHeader(p, k.value, positional[1], mode, spanOf(this.file, c), owner), ended: false };
      }
    }
    if (owner.endsWith('headers') && (method === 'update' || method === 'extend') && positional[0]) return { path: this.headerDict(p, positional[0], 'set'), ended: false };
    return { path: p, ended: false };
  }

  /** `resp = make_response(...)`, `Response(status=204, headers={...})`, `HttpResponse(status=204)`. */
  private constructed(c: Node, p: PyHandlerPath): PyHandlerPath {
    const name = this.evaluator.calleeName(this.file, unwrapPy(field(c, 'function')!)) ?? '';
    if (/get_response$|call_next$/.test(name)) return { ...p, status: 'app' };
    if (!RESPONSES.test(name)) return p;
    const { positional, keywords } = pyArgs(c);
    let q: PyHandlerPath = { ...p, status: p.status === 'unset' || p.status === 'app' ? 200 : p.status };
    const isMake = /make_response$/.test(name);
    const statusNode = keywords.get('status') ?? keywords.get('status_code') ?? (isMake ? positional[1] : /(^|\.)(Response|HttpResponse)$/.test(name) && !name.includes('Http') ? positional[1] : undefined);
    if (statusNode) {
      const v = this.evaluator.evaluate(this.file, statusNode);
      q = { ...q, status: v.kind === 'number' ? v.value : 'unknown', statusAt: spanOf(this.file, statusNode) };
    }
    const headersNode = keywords.get('headers') ?? (isMake ? positional[2] : undefined);
    if (headersNode) q = this.headerDict(q, headersNode, 'set');
    return q;
  }

  /** What a `return` sends: a response built there, a Flask tuple `(body, status, headers)`, or the response built before. */
  private returned(e: Node, p: PyHandlerPath): PyHandlerPath {
    // `return None` from a Flask `before_request` hook lets the request go on.
    if (e.type === 'none') return p;
    if (e.type === 'call') {
      const name = this.evaluator.calleeName(this.file, unwrapPy(field(e, 'function')!)) ?? '';
      if (RESPONSES.test(name) || /get_response$|call_next$/.test(name)) return this.finish(this.constructed(e, p));
    }
    if (e.type === 'tuple' || e.type === 'expression_list') {
      const [, second, third] = named(e);
      let q = p;
      for (const part of [second, third]) {
        if (!part) continue;
        const v = this.evaluator.evaluate(this.file, part);
        if (v.kind === 'number') q = { ...q, status: v.value, statusAt: spanOf(this.file, part) };
        else if (v.kind === 'dict' || unwrapPy(part).type === 'dictionary') q = this.headerDict(q, part, 'set');
      }
      return this.finish(q);
    }
    if (e.type === 'string' || e.type === 'concatenated_string') return this.finish({ ...p, status: p.status === 'unset' ? 200 : p.status });
    return this.finish(p);
  }

  private finish(p: PyHandlerPath): PyHandlerPath {
    return p.status === 'unset' ? { ...p, status: 200 } : p;
  }

  private headerDict(p: PyHandlerPath, node: Node, mode: 'set' | 'add'): PyHandlerPath {
    let dict = unwrapPy(node);
    if (dict.type === 'identifier') {
      const b = findPyBinding(this.file, dict, dict.text);
      if (b?.kind === 'value' && unwrapPy(b.init).type === 'dictionary') dict = unwrapPy(b.init);
    }
    if (dict.type !== 'dictionary') return p;
    let q = p;
    for (const pair of named(dict).filter((c) => c.type === 'pair')) {
      const k = pyString(field(pair, 'key')!);
      if (k !== undefined && isCorsName(k)) q = this.setHeader(q, k, field(pair, 'value')!, mode, spanOf(this.file, pair));
    }
    return q;
  }

  private setHeader(p: PyHandlerPath, name: string, valueNode: Node, mode: 'set' | 'add', at: Span, receiver?: string): PyHandlerPath {
    const value = this.memo(this.values, valueNode, () => headerValue(this.ctx, valueNode));
    const kept = mode === 'set' ? p.headers.filter((h) => h.name.toLowerCase() !== name.toLowerCase()) : p.headers;
    return { ...p, headers: [...kept, { name, value, mode, at, receiver }] };
  }

  private addHeaderText(p: PyHandlerPath, name: string, text: string, at: Span): PyHandlerPath {
    // Werkzeug's `vary.add` and Django's `patch_vary_headers` merge into one Vary line.
    const existing = p.headers.find((h) => h.name.toLowerCase() === name.toLowerCase());
    const value: SymbolicValue = { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'text', text }], at }] };
    if (existing) return p;
    return { ...p, headers: [...p.headers, { name, value, mode: 'set', at }] };
  }
}

/** The headers hand-written CORS code sets that the model follows. */
export function isCorsName(name: string): boolean {
  return /^access-control-/i.test(name) || /^vary$/i.test(name);
}
