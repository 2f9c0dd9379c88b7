import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { SymbolicValue, ValueCase, ValuePart } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { callArgs, dottedName, field, named, operatorOf, spanOf, stringLiteral, unwrap } from './ast';
import { conditionMatcher, type CheckContext } from './origin-checks';
import { type JsEvaluator } from './values';
import { findBinding } from './bindings';

/** One header line a hand-written handler sets on a path through it. */
export interface SetHeader {
  name: string;
  value: SymbolicValue | 'unknown';
  mode: 'set' | 'add' | 'vary';
  at: Span;
}

/** One way through a handler for one kind of request: the origins that take it, what it sets, how it ends. */
export interface HandlerPath {
  guard: OriginMatcher;
  headers: SetHeader[];
  /** `unset` until the code sets one: ending then sends 200, falling off the handler leaves it to the app. */
  status: number | 'app' | 'unknown' | 'unset';
  statusAt?: Span;
  /** Conditions on something other than the Origin (the URL, a cookie) that led here. */
  route: string[];
}

const MAX_PATHS = 64;
const END_METHODS = new Set(['end', 'send', 'json', 'sendStatus', 'redirect', 'sendFile', 'render']);

/**
 * Runs a request handler `(req, res) => ...` symbolically for one method
 * (OPTIONS or not), splitting on checks of the Origin: the header calls,
 * status and end of each path.
 */
export class HandlerWalker {
  private budget = 2000;
  readonly ctx: CheckContext;

  constructor(
    evaluator: JsEvaluator,
    private readonly file: CodeFile,
    private readonly req: string,
    private readonly res: string,
    private readonly method: 'OPTIONS' | 'GET',
  ) {
    this.ctx = { file, evaluator, statefulRegexes: true, isOrigin: (n) => this.isOrigin(unwrap(n)) };
  }

  run(body: Node): HandlerPath[] {
    const start: HandlerPath = { guard: { kind: 'any' }, headers: [], status: 'unset', route: [] };
    const stmts = body.type === 'statement_block' ? named(body) : [body];
    return this.block(stmts, start).map((p) => p.path);
  }

  isOrigin(n: Node, depth = 0): boolean {
    const name = dottedName(n);
    if (name && (name.toLowerCase() === `${this.req}.headers.origin`.toLowerCase())) return true;
    if (n.type === 'call_expression') {
      const callee = dottedName(field(n, 'function')!);
      const arg = callArgs(n)[0];
      if ((callee === `${this.req}.get` || callee === `${this.req}.header`) && arg && stringLiteral(arg)?.toLowerCase() === 'origin') return true;
    }
    if (n.type === 'identifier' && depth < 4) {
      const b = findBinding(n, n.text);
      if (b?.kind !== 'value') return false;
      if (b.path.length === 0) return this.isOrigin(unwrap(b.init), depth + 1);
      return b.path.length === 1 && b.path[0].toLowerCase() === 'origin' && dottedName(b.init) === `${this.req}.headers`;
    }
    return false;
  }

  private block(stmts: Node[], path: HandlerPath): { path: HandlerPath; ended: boolean }[] {
    let live: HandlerPath[] = [path];
    const done: { path: HandlerPath; ended: boolean }[] = [];
    for (const s of stmts) {
      const next: HandlerPath[] = [];
      for (const p of live) {
        for (const r of this.statement(s, p)) {
          if (r.ended) done.push(r);
          else next.push(r.path);
        }
      }
      live = next.slice(0, MAX_PATHS);
      if (live.length === 0 || --this.budget < 0) break;
    }
    return [...done, ...live.map((p) => ({ path: p, ended: false }))].slice(0, MAX_PATHS);
  }

  private statement(s: Node, p: HandlerPath): { path: HandlerPath; ended: boolean }[] {
    switch (s.type) {
      case 'statement_block': return this.block(named(s), p);
      case 'if_statement': return this.ifStatement(s, p);
      case 'return_statement': {
        const e = named(s)[0];
        const after = e ? this.expression(unwrap(e), p) : { path: p, ended: false };
        return [{ path: after.path, ended: true }];
      }
      case 'throw_statement': return [{ path: { ...p, status: 500, statusAt: spanOf(this.file, s) }, ended: true }];
      case 'expression_statement': return [this.expression(unwrap(named(s)[0]!), p)];
      case 'try_statement': return this.block(named(field(s, 'body') ?? s), p);
      default: return [{ path: p, ended: false }];
    }
  }

  private ifStatement(s: Node, p: HandlerPath): { path: HandlerPath; ended: boolean }[] {
    const condNode = field(s, 'condition')!;
    const then = field(s, 'consequence')!;
    const alt = field(s, 'alternative');
    const elseStmts = alt ? (named(alt)[0] ? [named(alt)[0]!] : []) : [];
    const method = this.methodTest(unwrap(condNode));
    if (method !== undefined) return method ? this.statement(then, p) : this.block(elseStmts, p);
    if (!this.mentionsOrigin(condNode)) {
      // A routing decision (URL, auth, body): both ways are possible for any Origin.
      const text = condNode.text.slice(0, 80);
      return [...this.statement(then, { ...p, route: [...p.route, text] }), ...this.block(elseStmts, { ...p, route: [...p.route, `!${text}`] })];
    }
    const m = conditionMatcher(this.ctx, condNode);
    const yes = this.statement(then, { ...p, guard: both(p.guard, m) });
    const no = this.block(elseStmts, { ...p, guard: both(p.guard, negate(m)) });
    return [...yes, ...no];
  }

  protected mentionsOrigin(n: Node): boolean {
    const stack = [n];
    while (stack.length) {
      const x = stack.pop()!;
      if (this.isOrigin(unwrap(x))) return true;
      for (let i = 0; i < x.namedChildCount; i++) stack.push(x.namedChild(i)!);
    }
    return false;
  }

  /** `req.method === 'OPTIONS'` and the like, decided for the method this walk is about. */
  private methodTest(n: Node): boolean | undefined {
    if (n.type === 'unary_expression' && operatorOf(n) === '!') {
      const inner = this.methodTest(unwrap(field(n, 'argument')!));
      return inner === undefined ? undefined : !inner;
    }
    if (n.type === 'binary_expression' && (operatorOf(n) === '&&' || operatorOf(n) === '||')) {
      const l = this.methodTest(unwrap(field(n, 'left')!));
      const r = this.methodTest(unwrap(field(n, 'right')!));
      if (operatorOf(n) === '&&') return l === false || r === false ? false : l === true && r === true ? true : undefined;
      return l === true || r === true ? true : l === false && r === false ? false : undefined;
    }
    if (n.type !== 'binary_expression') return undefined;
    const op = operatorOf(n);
    if (!['===', '==', '!==', '!='].includes(op)) return undefined;
    const l = unwrap(field(n, 'left')!), r = unwrap(field(n, 'right')!);
    const [m, lit] = dottedName(l) === `${this.req}.method` ? [l, r] : dottedName(r) === `${this.req}.method` ? [r, l] : [undefined, undefined];
    if (!m || !lit) return undefined;
    const value = stringLiteral(lit);
    if (value === undefined) return undefined;
    const equal = value.toUpperCase() === this.method;
    return op.startsWith('!') ? !equal : equal;
  }

  private expression(e: Node, p: HandlerPath): { path: HandlerPath; ended: boolean } {
    if (e.type === 'assignment_expression') {
      if (dottedName(field(e, 'left')!) === `${this.res}.statusCode`) {
        const v = this.ctx.evaluator.evaluate(this.file, field(e, 'right')!);
        // A computed status (`url === '/ok' ? 200 : 404`) is the app's routing decision.
        return { path: { ...p, status: v.kind === 'number' ? v.value : 'app', statusAt: spanOf(this.file, e) }, ended: false };
      }
      return { path: p, ended: false };
    }
    if (e.type !== 'call_expression') return { path: p, ended: false };
    const callee = unwrap(field(e, 'function')!);
    if (callee.type === 'identifier' && callee.text === 'next') return { path: { ...p, status: 'app' }, ended: true };
    if (callee.type !== 'member_expression') return { path: p, ended: false };
    const target = unwrap(field(callee, 'object')!);
    const method = field(callee, 'property')?.text ?? '';
    // Chains: `res.status(204).end()`.
    let q = p;
    if (target.type === 'call_expression') {
      const inner = this.expression(target, p);
      if (inner.ended) return inner;
      q = inner.path;
    } else if (dottedName(target) !== this.res) {
      return { path: p, ended: false };
    }
    const args = callArgs(e);
    const at = spanOf(this.file, e);
    switch (method) {
      case 'setHeader': case 'set': case 'header': case 'append':
        return { path: this.setHeaders(q, args, method === 'append' ? 'add' : 'set', at), ended: false };
      case 'vary':
        return { path: this.addHeader(q, { name: 'Vary', value: this.value(args[0], at), mode: 'vary', at }), ended: false };
      case 'status': case 'sendStatus': {
        const v = args[0] ? this.ctx.evaluator.evaluate(this.file, args[0]) : undefined;
        return { path: { ...q, status: v?.kind === 'number' ? v.value : 'unknown', statusAt: at }, ended: method === 'sendStatus' };
      }
      case 'writeHead': {
        const v = args[0] ? this.ctx.evaluator.evaluate(this.file, args[0]) : undefined;
        let r: HandlerPath = { ...q, status: v?.kind === 'number' ? v.value : 'unknown', statusAt: at };
        const obj = args.find((a, i) => i > 0 && unwrap(a).type === 'object');
        if (obj) r = this.setHeaders(r, [obj], 'set', at);
        return { path: r, ended: false };
      }
      default:
        if (END_METHODS.has(method)) return { path: { ...q, status: q.status === 'unset' ? (method === 'redirect' ? 302 : 200) : q.status }, ended: true };
        return { path: q, ended: false };
    }
  }

  private setHeaders(p: HandlerPath, args: Node[], mode: 'set' | 'add', at: Span): HandlerPath {
    const first = args[0] && unwrap(args[0]);
    if (!first) return p;
    if (first.type === 'object') {
      let q = p;
      for (const pair of named(first).filter((c) => c.type === 'pair')) {
        const key = field(pair, 'key')!;
        const name = key.type === 'property_identifier' ? key.text : stringLiteral(key);
        if (name) q = this.addHeader(q, { name, value: this.value(field(pair, 'value'), spanOf(this.file, pair)), mode, at: spanOf(this.file, pair) });
      }
      return q;
    }
    const name = this.ctx.evaluator.evaluate(this.file, first);
    if (name.kind !== 'string') return p;
    return this.addHeader(p, { name: name.value, value: this.value(args[1], at), mode, at });
  }

  private addHeader(p: HandlerPath, h: SetHeader): HandlerPath {
    const key = h.name.toLowerCase();
    if (h.mode === 'set') return { ...p, headers: [...p.headers.filter((x) => x.name.toLowerCase() !== key), h] };
    if (h.mode === 'vary') {
      const before = p.headers.find((x) => x.name.toLowerCase() === 'vary');
      const a = before && before.value !== 'unknown' ? constantParts(before.value) : undefined;
      const b = h.value !== 'unknown' ? constantParts(h.value) : undefined;
      if (before && a && b) {
        const merged: SetHeader = { ...before, value: { cases: [{ when: { kind: 'any' }, parts: [...a, { kind: 'text', text: ', ' }, ...b], at: before.at }] } };
        return { ...p, headers: p.headers.map((x) => (x === before ? merged : x)) };
      }
      return { ...p, headers: [...p.headers, { ...h, mode: 'set' }] };
    }
    return { ...p, headers: [...p.headers, h] };
  }

  /** A header value as origin-dependent cases: text, the request Origin, another request header. */
  value(node: Node | undefined, at: Span): SymbolicValue | 'unknown' {
    if (!node) return { cases: [{ when: { kind: 'any' }, parts: [], at }] };
    const n = unwrap(node);
    const cases = this.valueCases(n, at, 0);
    return cases ? { cases } : 'unknown';
  }

  private valueCases(n: Node, at: Span, depth: number): ValueCase[] | undefined {
    const here = spanOf(this.file, n);
    if (depth > 6) return undefined;
    if (n.type === 'binary_expression' && (operatorOf(n) === '||' || operatorOf(n) === '??')) {
      const left = unwrap(field(n, 'left')!);
      const right = this.valueCases(unwrap(field(n, 'right')!), at, depth + 1);
      if (!right) return undefined;
      // `origin || '*'`: an absent Origin (the empty string here) takes the fallback.
      if (this.isOrigin(left)) return [{ when: { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false } }, parts: [{ kind: 'origin' }], at: here }, ...right];
      const leftCases = this.valueCases(left, at, depth + 1);
      if (leftCases?.length === 1 && right.every((c) => c.parts.length === 0)) return leftCases;
      return undefined;
    }
    if (n.type === 'ternary_expression') {
      const condNode = field(n, 'condition')!;
      if (!this.mentionsOrigin(condNode)) return undefined;
      const m = conditionMatcher(this.ctx, condNode);
      const yes = this.valueCases(unwrap(field(n, 'consequence')!), at, depth + 1);
      const no = this.valueCases(unwrap(field(n, 'alternative')!), at, depth + 1);
      if (!yes || !no) return undefined;
      return [...yes.map((c) => ({ ...c, when: both(m, c.when) })), ...no];
    }
    const parts = this.valueParts(n);
    return parts === 'unknown' ? undefined : [{ when: { kind: 'any' }, parts, at: here }];
  }

  private valueParts(n: Node): ValuePart[] | 'unknown' {
    if (this.isOrigin(n)) return [{ kind: 'origin' }];
    const name = dottedName(n);
    const header = name && new RegExp(`^${this.req}\\.headers\\.(.+)$`, 'i').exec(name);
    if (header) return [{ kind: 'request-header', name: header[1].toLowerCase() }];
    const v = this.ctx.evaluator.evaluate(this.file, n);
    if (v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean') return v.kind === 'string' && v.value === '' ? [] : [{ kind: 'text', text: String(v.value) }];
    if (v.kind === 'array' && v.items.every((i) => i.kind === 'string')) return [{ kind: 'text', text: v.items.map((i) => (i as { value: string }).value).join(', ') }];
    return 'unknown';
  }
}

function constantParts(v: SymbolicValue): ValuePart[] | undefined {
  return v.cases.length === 1 && v.cases[0].when.kind === 'any' ? v.cases[0].parts : undefined;
}

function both(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  return { kind: 'and', matchers: [a, b] };
}

function negate(m: OriginMatcher): OriginMatcher {
  if (m.kind === 'any') return { kind: 'none' };
  if (m.kind === 'none') return { kind: 'any' };
  if (m.kind === 'not') return m.matcher;
  return { kind: 'not', matcher: m, at: m.at };
}
