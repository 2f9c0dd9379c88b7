import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { RequestCondition } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { bothMatchers } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import { callArgs, dottedName, field, named, operatorOf, spanOf, stringLiteral, unwrap } from './ast';
import type { HandlerPath, SetHeader } from './handler-paths';
import { conditionMatcher } from './origin-checks';
import { appendOne, bounded, initHeaders, negate, setOne, type HeaderReading } from './next-header-lists';
import { helperCall, MAX_HELPER_DEPTH, mergeReturned } from './next-header-helpers';
import { WebOrigin } from './next-web-origin';
import { type JsEvaluator } from './values';
import { findBinding } from './bindings';

/** A response built in the handler: its status and the name its headers are tracked under. */
interface Built {
  status: number | 'app' | 'unknown';
  statusAt?: Span;
  headers: SetHeader[];
}

interface State {
  guard: OriginMatcher;
  route: string[];
  /** Conditions on the request the model can evaluate (credentials, a header's presence). */
  conds: RequestCondition[];
  /** Header lists by the name they are reached through: `headers`, `response.headers`. */
  lists: Map<string, SetHeader[]>;
  /** Responses held in variables. */
  responses: Map<string, { status: Built['status']; statusAt?: Span }>;
}

type Step = { state: State; end?: undefined } | { state: State; end: Built };

type IfParts = { then: Node; elseStmts: Node[] } & (
  | { kind: 'method'; taken: boolean }
  | { kind: 'request'; cond: RequestCondition }
  | { kind: 'route'; text: string }
  | { kind: 'origin'; m: OriginMatcher }
);

/** A header call on a tracked list, read once: `list.set(name, value)`, `.append`, `.delete`. */
type HeaderCall = { list: string; method: 'set' | 'append' | 'delete'; header: SetHeader };

const MAX_PATHS = 64;

/** One way through the handler: a handler path plus the request conditions that lead to it. */
export type WebPath = HandlerPath & { conds: RequestCondition[] };

/**
 * Runs a Web-style handler (`(request) => Response`: Next.js route handlers and
 * middleware) symbolically for one kind of request, splitting on checks of the
 * Origin. Each path ends with the response it returns: its status and headers.
 * `NextResponse.next()` passes the request on, so its status is the app's.
 */
export class ResponseWalker implements HeaderReading {
  private budget = 2000;
  readonly origin: WebOrigin;

  constructor(
    readonly evaluator: JsEvaluator,
    readonly file: CodeFile,
    private readonly request: string,
    private readonly method: 'OPTIONS' | 'GET',
    /** Walking a helper that returns headers rather than a response: how deep, and which parameters hold the Origin. */
    private readonly helper?: { depth: number; origin: { fn: number; names: ReadonlySet<string> } },
  ) {
    this.origin = new WebOrigin(evaluator, file, request, method, helper?.origin);
  }

  /** Headers returned by a local helper function, followed with its parameters standing for what the call passes. */
  call(n: Node): SetHeader[] | undefined {
    if ((this.helper?.depth ?? 0) >= MAX_HELPER_DEPTH) return undefined;
    return this.once('helper', n, () => {
      const hc = helperCall(n, (x) => this.origin.isOrigin(x), this.request);
      if (!hc) return undefined;
      const sub = new ResponseWalker(this.evaluator, this.file, hc.request ?? '\u0000request', this.method, { depth: (this.helper?.depth ?? 0) + 1, origin: { fn: hc.fn.startIndex, names: hc.originParams } });
      const paths = sub.run(hc.body).filter((p) => p.status !== 500);
      return paths.length ? mergeReturned(paths) : undefined;
    });
  }

  /** The ways through a function body, as handler paths (what the returned response carries). */
  run(body: Node): WebPath[] {
    const start: State = { guard: { kind: 'any' }, route: [], conds: [], lists: new Map(), responses: new Map() };
    const stmts = body.type === 'statement_block' ? named(body) : [];
    const steps = body.type === 'statement_block' ? this.block(stmts, start) : [this.returned(body, start)];
    return steps.map((s) => {
      // Falling off the handler: Next answers 500 ("No response is returned from route handler").
      const end = s.end ?? { status: 500, headers: [] };
      return { guard: s.state.guard, headers: end.headers, status: end.status, statusAt: end.statusAt, route: s.state.route, conds: s.state.conds };
    });
  }

  private block(stmts: Node[], state: State): Step[] {
    let live: State[] = [state];
    const done: Step[] = [];
    for (const s of stmts) {
      const next: State[] = [];
      for (const st of live) {
        for (const r of this.statement(s, st)) {
          if (r.end) done.push(r);
          else next.push(r.state);
        }
      }
      live = next.slice(0, MAX_PATHS);
      if (live.length === 0 || --this.budget < 0) break;
    }
    return [...done, ...live.map((st) => ({ state: st }))].slice(0, MAX_PATHS);
  }

  private statement(s: Node, st: State): Step[] {
    switch (s.type) {
      case 'statement_block': return this.block(this.once('named', s, () => named(s)), st);
      case 'if_statement': return this.ifStatement(s, st);
      case 'try_statement': return this.block(named(field(s, 'body') ?? s), st);
      case 'return_statement': {
        const e = named(s)[0];
        return [e ? this.returned(unwrap(e), st) : { state: st, end: { status: 500, headers: [] } }];
      }
      // An uncaught error becomes Next's own 500, without the handler's headers.
      case 'throw_statement': return [{ state: st, end: { status: 500, statusAt: spanOf(this.file, s), headers: [] } }];
      case 'lexical_declaration': case 'variable_declaration': {
        let next = st;
        for (const d of named(s).filter((x) => x.type === 'variable_declarator')) {
          const id = field(d, 'name');
          const init = field(d, 'value');
          if (id?.type === 'identifier' && init) next = this.bind(id.text, unwrap(init), next);
        }
        return [{ state: next }];
      }
      case 'expression_statement': return [{ state: this.expression(unwrap(named(s)[0]!), st) }];
      case 'for_in_statement': return [{ state: this.entriesLoop(s, st) }];
      default: return [{ state: st }];
    }
  }

  private ifStatement(s: Node, st: State): Step[] {
    const parts = this.once('if', s, () => this.ifParts(s));
    const { then, elseStmts } = parts;
    switch (parts.kind) {
      case 'method': return parts.taken ? this.statement(then, st) : this.block(elseStmts, st);
      case 'request': return [...this.statement(then, { ...st, conds: [...st.conds, parts.cond] }), ...this.block(elseStmts, { ...st, conds: [...st.conds, { kind: 'not', cond: parts.cond }] })];
      case 'route': return [...this.statement(then, { ...st, route: [...st.route, parts.text] }), ...this.block(elseStmts, { ...st, route: [...st.route, `!${parts.text}`] })];
      case 'origin': return [...this.statement(then, { ...st, guard: bounded(bothMatchers(st.guard, parts.m)) }), ...this.block(elseStmts, { ...st, guard: bounded(bothMatchers(st.guard, negate(parts.m))) })];
    }
  }

  /** What an `if` tests, read once for every path that reaches it. */
  private ifParts(s: Node): IfParts {
    const cond = field(s, 'condition')!;
    const then = field(s, 'consequence')!;
    const alt = field(s, 'alternative');
    const elseStmts = alt && named(alt)[0] ? [named(alt)[0]!] : [];
    const method = this.methodTest(unwrap(cond));
    if (method !== undefined) return { kind: 'method', taken: method, then, elseStmts };
    const req = this.requestTest(unwrap(cond));
    if (req) return { kind: 'request', cond: req, then, elseStmts };
    if (!this.mentions(cond)) return { kind: 'route', text: cond.text.slice(0, 80), then, elseStmts };
    return { kind: 'origin', m: this.matcher(cond), then, elseStmts };
  }

  /** `request.method === 'OPTIONS'`, also through a local (`const isPreflight = ...`), decided for this walk's method. */
  methodTest(n: Node, depth = 0): boolean | undefined {
    if (depth > 6) return undefined;
    if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') {
      const b = findBinding(n, n.text);
      return b?.kind === 'value' && b.path.length === 0 ? this.methodTest(unwrap(b.init), depth + 1) : undefined;
    }
    if (n.type === 'unary_expression' && operatorOf(n) === '!') {
      const inner = this.methodTest(unwrap(field(n, 'argument')!), depth + 1);
      return inner === undefined ? undefined : !inner;
    }
    if (n.type !== 'binary_expression') return undefined;
    const op = operatorOf(n);
    if (op === '&&' || op === '||') {
      const l = this.methodTest(unwrap(field(n, 'left')!), depth + 1);
      const r = this.methodTest(unwrap(field(n, 'right')!), depth + 1);
      if (op === '&&') return l === false || r === false ? false : l === true && r === true ? true : undefined;
      return l === true || r === true ? true : l === false && r === false ? false : undefined;
    }
    if (!['===', '==', '!==', '!='].includes(op)) return undefined;
    const l = unwrap(field(n, 'left')!), r = unwrap(field(n, 'right')!);
    const lit = dottedName(l) === `${this.request}.method` ? r : dottedName(r) === `${this.request}.method` ? l : undefined;
    const value = lit && stringLiteral(lit);
    if (value === undefined) return undefined;
    const equal = value.toUpperCase() === this.method;
    return op.startsWith('!') ? !equal : equal;
  }

  /**
   * A test of a request header's presence: `request.headers.get('authorization')`, `.has(...)`,
   * `request.cookies.get('session')` (taken as a Cookie header being there: preflights never
   * carry one, credentialed requests are taken to carry the cookie asked for).
   */
  private requestTest(n: Node, depth = 0): RequestCondition | undefined {
    if (depth > 6) return undefined;
    if (n.type === 'unary_expression' && operatorOf(n) === '!') {
      const inner = this.requestTest(unwrap(field(n, 'argument')!), depth + 1);
      return inner && { kind: 'not', cond: inner };
    }
    if (n.type === 'identifier') {
      const b = findBinding(n, n.text);
      return b?.kind === 'value' && b.path.length === 0 ? this.requestTest(unwrap(b.init), depth + 1) : undefined;
    }
    if (n.type === 'member_expression' && field(n, 'property')?.text === 'value') return this.requestTest(unwrap(field(n, 'object')!), depth + 1);
    if (n.type !== 'call_expression') return undefined;
    const callee = dottedName(field(n, 'function')!);
    const arg = callArgs(n)[0];
    const name = arg && stringLiteral(arg)?.toLowerCase();
    if (name === undefined) return undefined;
    if (callee === `${this.request}.cookies.get` || callee === `${this.request}.cookies.has`) return { kind: 'header-present', name: 'cookie' };
    if (callee !== `${this.request}.headers.get` && callee !== `${this.request}.headers.has`) return undefined;
    return name === 'origin' ? undefined : { kind: 'header-present', name };
  }

  // What a node says does not depend on the path that reaches it: each is read once (every path would ask again).
  private readonly memo = new Map<string, unknown>();

  private once<T>(kind: string, n: Node, read: () => T): T {
    const key = `${kind}:${n.startIndex}:${n.endIndex}`;
    if (!this.memo.has(key)) this.memo.set(key, read());
    return this.memo.get(key) as T;
  }

  private mentions(n: Node): boolean {
    return this.once('mentions', n, () => this.origin.mentions(n));
  }

  private matcher(n: Node): OriginMatcher {
    return this.once('matcher', n, () => conditionMatcher(this.origin.ctx, n));
  }

  value(n: Node | undefined, at: Span): SetHeader['value'] {
    return n ? this.once('value', n, () => this.origin.value(n, at)) : this.origin.value(n, at);
  }

  private bind(name: string, init: Node, st: State): State {
    if (init.type === 'new_expression' && field(init, 'constructor')?.text === 'Headers') {
      const arg = callArgs(init)[0];
      return withList(st, name, arg ? initHeaders(this, arg, st.lists) : []);
    }
    const built = this.response(init, st);
    if (!built) {
      const returned = init.type === 'call_expression' ? this.call(init) : undefined;
      return returned ? withList(st, name, returned) : st;
    }
    const responses = new Map(st.responses);
    responses.set(name, { status: built.status, statusAt: built.statusAt });
    return withList({ ...st, responses }, `${name}.headers`, built.headers);
  }

  private expression(e: Node, st: State): State {
    if (e.type === 'assignment_expression') {
      const left = field(e, 'left')!;
      return left.type === 'identifier' ? this.bind(left.text, unwrap(field(e, 'right')!), st) : st;
    }
    if (e.type !== 'call_expression') return st;
    const callee = unwrap(field(e, 'function')!);
    if (callee.type !== 'member_expression') return st;
    const method = field(callee, 'property')?.text ?? '';
    const target = unwrap(field(callee, 'object')!);
    // `Object.entries(corsHeaders).forEach(([k, v]) => response.headers.set(k, v))`.
    if (method === 'forEach' && target.type === 'call_expression' && dottedName(field(target, 'function')!) === 'Object.entries') {
      const fn = callArgs(e)[0] && unwrap(callArgs(e)[0]!);
      const source = callArgs(target)[0];
      return fn && source ? this.copyEntries(source, fn, st) : st;
    }
    const call = this.once('call', e, () => this.headerCall(e, target, method));
    if (!call || !st.lists.has(call.list)) return st;
    const before = st.lists.get(call.list)!;
    if (call.method === 'delete') return withList(st, call.list, before.filter((h) => h.name.toLowerCase() !== call.header.name.toLowerCase()));
    return withList(st, call.list, call.method === 'set' ? setOne(before, call.header) : appendOne(before, call.header));
  }

  private headerCall(e: Node, target: Node, method: string): HeaderCall | undefined {
    const list = dottedName(target);
    if (!list || (method !== 'set' && method !== 'append' && method !== 'delete')) return undefined;
    const args = callArgs(e);
    const at = spanOf(this.file, e);
    const name = args[0] ? this.evaluator.evaluate(this.file, args[0]) : undefined;
    if (name?.kind !== 'string') return undefined;
    return { list, method, header: { name: name.value, value: method === 'delete' ? 'unknown' : this.value(args[1], at), mode: 'set', at } };
  }

  /** `fn` is `([key, value]) => target.set(key, value)`: every constant entry of `source` is set on `target`. */
  private copyEntries(source: Node, fn: Node, st: State): State {
    const body = field(fn, 'body');
    const call = body && (body.type === 'statement_block' ? named(body)[0] && unwrap(named(named(body)[0]!)[0] ?? body) : unwrap(body));
    if (!call || call.type !== 'call_expression') return st;
    return this.setAll(source, call, st);
  }

  /** `for (const [key, value] of Object.entries(source)) target.set(key, value)`. */
  private entriesLoop(s: Node, st: State): State {
    const right = field(s, 'right');
    const body = field(s, 'body');
    if (!right || !body || unwrap(right).type !== 'call_expression' || dottedName(field(unwrap(right), 'function')!) !== 'Object.entries') return st;
    const stmt = body.type === 'statement_block' ? named(body)[0] : body;
    const call = stmt?.type === 'expression_statement' ? unwrap(named(stmt)[0]!) : undefined;
    const source = callArgs(unwrap(right))[0];
    return call?.type === 'call_expression' && source ? this.setAll(source, call, st) : st;
  }

  private setAll(source: Node, call: Node, st: State): State {
    const callee = unwrap(field(call, 'function')!);
    const list = callee.type === 'member_expression' ? dottedName(field(callee, 'object')!) : undefined;
    const method = callee.type === 'member_expression' ? field(callee, 'property')?.text : undefined;
    if (!list || !st.lists.has(list) || (method !== 'set' && method !== 'append')) return st;
    let headers = st.lists.get(list)!;
    for (const h of initHeaders(this, source, st.lists)) headers = method === 'set' ? setOne(headers, h) : appendOne(headers, h);
    return withList(st, list, headers);
  }

  private returned(e: Node, st: State): Step {
    const n = unwrap(e);
    // A helper's answer is a header list, sent by whoever calls it.
    if (this.helper) return { state: st, end: { status: 'app', headers: initHeaders(this, n, st.lists) } };
    if (n.type === 'identifier' && st.responses.has(n.text)) {
      const r = st.responses.get(n.text)!;
      return { state: st, end: { ...r, headers: st.lists.get(`${n.text}.headers`) ?? [] } };
    }
    const built = this.response(n, st);
    return { state: st, end: built ?? { status: 'unknown', statusAt: spanOf(this.file, n), headers: [] } };
  }

  /** A response made by `new Response`, `Response.json`, `NextResponse.json/next/redirect/rewrite`, `new NextResponse`. */
  private response(n: Node, st: State): Built | undefined {
    const at = spanOf(this.file, n);
    if (n.type === 'new_expression') {
      const ctor = field(n, 'constructor')?.text;
      if (ctor !== 'Response' && ctor !== 'NextResponse') return undefined;
      return this.withInit(callArgs(n)[1], 200, at, st);
    }
    if (n.type !== 'call_expression') return undefined;
    const callee = dottedName(field(n, 'function')!);
    const args = callArgs(n);
    switch (callee) {
      case 'Response.json': case 'NextResponse.json': return this.withInit(args[1], 200, at, st);
      // The request goes on to the route (or a rewritten one): the status is the app's.
      case 'NextResponse.next': return this.withInit(args[0], 'app', at, st);
      case 'NextResponse.rewrite': return this.withInit(args[1], 'app', at, st);
      case 'Response.redirect': case 'NextResponse.redirect': {
        const second = args[1] && this.evaluator.evaluate(this.file, args[1]);
        if (second?.kind === 'number') return { status: second.value, statusAt: at, headers: [] };
        return this.withInit(args[1], callee === 'Response.redirect' ? 302 : 307, at, st);
      }
      default: return undefined;
    }
  }

  /** Status and headers from a ResponseInit (`{ status, headers }`). */
  private withInit(init: Node | undefined, fallback: Built['status'], at: Span, st: State): Built {
    const n = init && unwrap(init);
    if (!n) return { status: fallback, statusAt: at, headers: [] };
    const obj = n.type === 'object' ? n : undefined;
    if (!obj) {
      const v = this.evaluator.evaluate(this.file, n);
      if (v.kind !== 'object') return { status: 'unknown', statusAt: at, headers: [] };
      const status = v.props.get('status');
      const headersNode = v.props.get('headers')?.node;
      return {
        status: status === undefined || status.kind === 'nullish' ? fallback : status.kind === 'number' ? status.value : 'unknown',
        statusAt: at,
        headers: headersNode ? initHeaders(this, headersNode, st.lists) : [],
      };
    }
    let status: Built['status'] = fallback;
    let statusAt = at;
    let headers: SetHeader[] = [];
    for (const el of named(obj)) {
      const key = el.type === 'pair' ? field(el, 'key')!.text : el.type === 'shorthand_property_identifier' ? el.text : undefined;
      const valueNode = el.type === 'pair' ? field(el, 'value')! : el;
      if (key === 'status') {
        const v = this.evaluator.evaluate(this.file, valueNode);
        status = v.kind === 'number' ? v.value : 'unknown';
        statusAt = spanOf(this.file, el);
      } else if (key === 'headers') {
        headers = initHeaders(this, valueNode, st.lists);
      }
    }
    return { status, statusAt, headers };
  }

  /** The origins for which a condition holds; a method test is decided, anything else is a check the model cannot see. */
  gate(cond: Node): OriginMatcher {
    const method = this.methodTest(cond);
    if (method !== undefined) return method ? { kind: 'any' } : { kind: 'none' };
    if (this.mentions(cond)) return this.matcher(cond);
    return { kind: 'opaque', description: cond.text.slice(0, 80), at: spanOf(this.file, cond) };
  }
}

function withList(st: State, name: string, headers: SetHeader[]): State {
  const lists = new Map(st.lists);
  lists.set(name, headers);
  return { ...st, lists };
}
