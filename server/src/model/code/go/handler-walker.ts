import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { RequestCondition, SymbolicValue, ValueCase } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { blockStatements, callArgs, calleeName, field, goString, named, operatorOf, selectorName, spanOf, unparen } from './ast';
import { goCondition, mentionsOrigin, negate, rangeCheck, type GoCheckContext } from './origin-checks';
import { ginContextCall } from './gin-context';
import { not, requestTest, type RequestNames } from './request-tests';
import { findLocal, stringItems, type GoEvaluator } from './values';

export interface SetHeader {
  name: string;
  value: SymbolicValue | 'unknown';
  mode: 'set' | 'add';
  at: Span;
}

/** One way through a handler for one kind of request. */
export interface HandlerPath {
  guard: OriginMatcher;
  headers: SetHeader[];
  /** `unset` until written: returning then sends 200; `app` once the next handler runs. */
  status: number | 'app' | 'unknown' | 'unset';
  statusAt?: Span;
  /** Headers are on the wire: later changes are lost (net/http sends them with the first write). */
  written: boolean;
  route: string[];
  /** Conditions on the request other than its Origin (the method, a header's presence) that led here. */
  conds: RequestCondition[];
}

type Step = { path: HandlerPath; ended: boolean };

const MAX_PATHS = 64;
const MAX_NESTING = 48;

/**
 * Runs a `func(w http.ResponseWriter, r *http.Request)` symbolically for one
 * method (OPTIONS or not), splitting on checks of the Origin: the header
 * calls, the status and the end of each path.
 */
export class GoHandlerWalker {
  private budget = 2000;
  readonly ctx: GoCheckContext;

  private readonly w: string;
  private readonly r: string;

  /**
   * `names.w` / `names.r` are the writer and the request as the code reaches
   * them (`w`, `r`; or `c.Writer`, `c.Request` in gin, where `names.gin` is the
   * context).
   */
  constructor(evaluator: GoEvaluator, readonly file: CodeFile, private readonly names: { w: string; r: string; gin?: string }, private readonly method: 'OPTIONS' | 'GET') {
    this.w = names.w;
    this.r = names.r;
    this.ctx = { file, evaluator, isOrigin: (n) => this.isOrigin(n) };
  }

  run(body: Node): HandlerPath[] {
    const start: HandlerPath = { guard: { kind: 'any' }, headers: [], status: 'unset', written: false, route: [], conds: [] };
    return this.block(blockStatements(body), start).map((s) => s.path);
  }

  isOrigin(node: Node, depth = 0): boolean {
    const n = unparen(node);
    if (n.type === 'call_expression' && (calleeName(n) === `${this.r}.Header.Get` || (this.names.gin !== undefined && calleeName(n) === `${this.names.gin}.GetHeader`))) {
      const arg = callArgs(n)[0];
      return !!arg && goString(arg)?.toLowerCase() === 'origin';
    }
    // net/http already trims header values: TrimSpace changes nothing.
    if (n.type === 'call_expression' && calleeName(n) === 'strings.TrimSpace' && callArgs(n)[0] && depth < 4) return this.isOrigin(callArgs(n)[0], depth + 1);
    if (n.type === 'identifier' && depth < 4) {
      const b = findLocal(n, n.text);
      return b?.kind === 'local' && b.index === undefined && !!b.value && this.isOrigin(b.value, depth + 1);
    }
    return false;
  }

  private nesting = 0;

  private block(stmts: Node[], start: HandlerPath): Step[] {
    // Past this depth the code is generated or hostile; reading on would cost more than it tells.
    if (this.nesting >= MAX_NESTING) return [{ path: start, ended: false }];
    this.nesting++;
    try {
      return this.blockInner(stmts, start);
    } finally {
      this.nesting--;
    }
  }

  private blockInner(stmts: Node[], start: HandlerPath): Step[] {
    let live: HandlerPath[] = [start];
    const done: Step[] = [];
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

  private statement(s: Node, p: HandlerPath): Step[] {
    switch (s.type) {
      case 'block': return this.block(blockStatements(s), p);
      case 'if_statement': return this.ifStatement(s, p);
      case 'expression_switch_statement': return this.switchStatement(s, p);
      case 'return_statement': return [{ path: p, ended: true }];
      case 'for_statement': {
        const loop = rangeCheck(this.ctx, s);
        if (!loop) return [{ path: p, ended: false }];
        return [...this.block(loop.then, { ...p, guard: both(p.guard, loop.when) }), { path: { ...p, guard: both(p.guard, negate(loop.when, loop.when.at)) }, ended: false }];
      }
      case 'expression_statement': return [this.expression(unparen(named(s)[0]!), p)];
      case 'assignment_statement': return [{ path: this.mapAssignment(s, p), ended: false }];
      default: return [{ path: p, ended: false }];
    }
  }

  private ifStatement(s: Node, p: HandlerPath): Step[] {
    const condNode = field(s, 'condition')!;
    const then = field(s, 'consequence')!;
    const alt = field(s, 'alternative');
    const elseStmts = alt ? [alt] : [];
    const test = mentionsOrigin(this.ctx, condNode) ? undefined : requestTest(this.requestNames(), condNode);
    if (typeof test === 'boolean') return test ? this.statement(then, p) : this.block(elseStmts, p);
    if (test) return [...this.statement(then, { ...p, conds: [...p.conds, test] }), ...this.block(elseStmts, { ...p, conds: [...p.conds, not(test) as RequestCondition] })];
    if (!mentionsOrigin(this.ctx, condNode)) {
      // A routing decision (the URL, auth, a body check): both ways are possible for any Origin.
      const text = condNode.text.slice(0, 80);
      return [...this.statement(then, { ...p, route: [...p.route, text] }), ...this.block(elseStmts, { ...p, route: [...p.route, `!(${text})`] })];
    }
    const m = goCondition(this.ctx, condNode);
    return [...this.statement(then, { ...p, guard: both(p.guard, m) }), ...this.block(elseStmts, { ...p, guard: both(p.guard, negate(m, m.at)) })];
  }

  /**
   * `switch`: on `r.Method` the case for this walk's method; on the Origin (or
   * without a tag, on conditions) each case guarded by its test and by the
   * failure of the cases before it; on anything else, a routing decision per
   * case. Go runs `default` last wherever it is written, and never falls through
   * unless told (`fallthrough` is read as the end of the case).
   */
  private switchStatement(s: Node, p: HandlerPath): Step[] {
    const value = field(s, 'value');
    const cases = named(s).filter((c) => c.type === 'expression_case');
    const fallback = named(s).find((c) => c.type === 'default_case');
    const body = (c: Node) => named(c).filter((x) => x !== field(c, 'value')).flatMap((x) => (x.type === 'statement_list' ? named(x) : [x]));
    const onMethod = value !== undefined && selectorName(value) === `${this.r}.Method`;
    const onOrigin = value !== undefined && this.isOrigin(value);
    const out: Step[] = [];
    let rest = p;
    for (const c of cases) {
      const tests = named(field(c, 'value')!);
      if (onMethod) {
        const values = tests.map((v) => this.ctx.evaluator.evaluate(this.file, v));
        const hits = values.some((v) => v.kind === 'string' && v.value === this.method);
        // The GET walk stands for every method but OPTIONS: a case naming other methods may or may not apply.
        if (hits && this.method === 'OPTIONS') return [...out, ...this.block(body(c), rest)];
        if (this.method === 'OPTIONS' || values.every((v) => v.kind === 'string' && v.value === 'OPTIONS')) continue;
        const text = `${this.r}.Method in (${tests.map((t) => t.text).join(', ')})`;
        out.push(...this.block(body(c), { ...rest, route: [...rest.route, text] }));
        rest = { ...rest, route: [...rest.route, `!(${text})`] };
        continue;
      }
      let m: OriginMatcher | undefined;
      if (onOrigin) {
        m = { kind: 'or', matchers: tests.map((t) => {
          const v = this.ctx.evaluator.evaluate(this.file, t);
          return v.kind === 'string' ? { kind: 'exact', value: v.value, caseInsensitive: false, at: spanOf(this.file, t) } : { kind: 'opaque', description: t.text, at: spanOf(this.file, t) };
        }), at: spanOf(this.file, field(c, 'value')!) };
      } else if (!value && tests.length === 1) {
        const method = this.methodTest(unparen(tests[0]));
        if (method === true) return [...out, ...this.block(body(c), rest)];
        if (method === false) continue;
        if (mentionsOrigin(this.ctx, tests[0])) m = goCondition(this.ctx, tests[0]);
      }
      if (m) {
        out.push(...this.block(body(c), { ...rest, guard: both(rest.guard, m) }));
        rest = { ...rest, guard: both(rest.guard, negate(m, m.at)) };
      } else {
        const text = `${value ? `${value.text} == ` : ''}${tests.map((t) => t.text).join(', ')}`.slice(0, 80);
        out.push(...this.block(body(c), { ...rest, route: [...rest.route, text] }));
        rest = { ...rest, route: [...rest.route, `!(${text})`] };
      }
    }
    return [...out, ...(fallback ? this.block(body(fallback), rest) : [{ path: rest, ended: false }])];
  }

  /** `r.Method == http.MethodOptions` and combinations, when this walk's method decides them. */
  private methodTest(n: Node): boolean | undefined {
    const t = requestTest(this.requestNames(), n);
    return typeof t === 'boolean' ? t : undefined;
  }

  private requestNames(): RequestNames {
    return { file: this.file, evaluator: this.ctx.evaluator, r: this.r, gin: this.names.gin, method: this.method };
  }

  private expression(e: Node, p: HandlerPath): Step {
    if (e.type !== 'call_expression') return { path: p, ended: false };
    const name = calleeName(e) ?? '';
    const args = callArgs(e);
    const at = spanOf(this.file, e);
    const callee = unparen(field(e, 'function')!);
    const method = callee.type === 'selector_expression' ? field(callee, 'field')?.text ?? '' : '';
    if (callee.type === 'selector_expression' && (method === 'Set' || method === 'Add' || method === 'Del') && this.isHeaderMap(field(callee, 'operand')!)) {
      if (p.written) return { path: p, ended: false };
      const headerName = args[0] ? this.ctx.evaluator.evaluate(this.file, args[0]) : undefined;
      if (headerName?.kind !== 'string') return { path: p, ended: false };
      const key = headerName.value.toLowerCase();
      if (method === 'Del') return { path: { ...p, headers: p.headers.filter((h) => h.name.toLowerCase() !== key) }, ended: false };
      const h: SetHeader = { name: headerName.value, value: this.value(args[1]), mode: method === 'Set' ? 'set' : 'add', at };
      const kept = method === 'Set' ? p.headers.filter((x) => x.name.toLowerCase() !== key) : p.headers;
      return { path: { ...p, headers: [...kept, h] }, ended: false };
    }
    if (this.names.gin !== undefined) {
      const step = ginContextCall(this, this.names.gin, name, args, p, at);
      if (step) return step;
    }
    if (name === `${this.w}.WriteHeader`) {
      if (p.written) return { path: p, ended: false };
      const v = args[0] ? this.ctx.evaluator.evaluate(this.file, args[0]) : undefined;
      return { path: { ...p, status: v?.kind === 'number' ? v.value : 'unknown', statusAt: at, written: true }, ended: false };
    }
    const pkg = this.ctx.evaluator.imports;
    const qualified = name.includes('.') ? `${pkg.get(name.split('.')[0]) ?? name.split('.')[0]}.${name.split('.').slice(1).join('.')}` : name;
    const writesTo = args.some((a) => unparen(a).type === 'identifier' && unparen(a).text === this.w);
    if (qualified === 'net/http.Error' && writesTo) {
      const v = args[2] ? this.ctx.evaluator.evaluate(this.file, args[2]) : undefined;
      return { path: this.write(p, v?.kind === 'number' ? v.value : 'unknown', at), ended: false };
    }
    if (qualified === 'net/http.NotFound' && writesTo) return { path: this.write(p, 404, at), ended: false };
    if (qualified === 'net/http.Redirect' && writesTo) {
      const v = args[3] ? this.ctx.evaluator.evaluate(this.file, args[3]) : undefined;
      return { path: this.write(p, v?.kind === 'number' ? v.value : 'unknown', at), ended: false };
    }
    if (name === `${this.w}.Write` || (writesTo && /^(fmt\.Fp?rint|io\.WriteString|io\.Copy)/.test(qualified))) return { path: this.write(p, 200, at), ended: false };
    // The next handler answers: its status, with the headers set so far.
    if (method === 'ServeHTTP' && writesTo) return { path: p.written ? p : { ...p, status: 'app', written: true }, ended: false };
    if (callee.type === 'identifier' && writesTo && args.length === 2) return { path: p.written ? p : { ...p, status: 'app', written: true }, ended: false };
    return { path: p, ended: false };
  }

  /** `w.Header()["Access-Control-Allow-Origin"] = []string{origin}`: the map written directly, one line per value. */
  private mapAssignment(s: Node, p: HandlerPath): HandlerPath {
    const left = named(field(s, 'left')!)[0];
    const right = named(field(s, 'right')!)[0];
    if (p.written || operatorOf(s) !== '=' || left?.type !== 'index_expression' || !right || !this.isHeaderMap(field(left, 'operand')!)) return p;
    const name = this.ctx.evaluator.evaluate(this.file, field(left, 'index')!);
    if (name.kind !== 'string') return p;
    const at = spanOf(this.file, s);
    const key = name.value.toLowerCase();
    const kept = p.headers.filter((h) => h.name.toLowerCase() !== key);
    const body = unparen(right).type === 'composite_literal' ? field(unparen(right), 'body') : undefined;
    if (!body) return { ...p, headers: [...kept, { name: name.value, value: 'unknown', mode: 'set', at }] };
    const values = named(body).map((e) => (e.type === 'literal_element' ? named(e)[0] ?? e : e));
    return { ...p, headers: [...kept, ...values.map((v): SetHeader => ({ name: name.value, value: this.value(v), mode: 'add', at }))] };
  }

  write(p: HandlerPath, status: HandlerPath['status'], at: Span): HandlerPath {
    return p.written ? p : { ...p, status: p.status === 'unset' ? status : p.status, statusAt: at, written: true };
  }

  /** `w.Header()`, or a local holding it (`h := w.Header()`). */
  private isHeaderMap(n: Node, depth = 0): boolean {
    const u = unparen(n);
    // `w.Header()`, or `(*w).Header()` in helpers that take a *http.ResponseWriter.
    if (u.type === 'call_expression' && callArgs(u).length === 0 && new RegExp(`^(${escapeRe(this.w)}|\\(\\*${escapeRe(this.w)}\\))\\.Header$`).test(field(u, 'function')?.text ?? '')) return true;
    if (u.type === 'identifier' && depth < 3) {
      const b = findLocal(u, u.text);
      return b?.kind === 'local' && !!b.value && b.index === undefined && this.isHeaderMap(b.value, depth + 1);
    }
    return false;
  }

  value(node: Node | undefined): SymbolicValue | 'unknown' {
    if (!node) return 'unknown';
    const n = unparen(node);
    if (this.isOrigin(n)) return { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'origin' }], at: spanOf(this.file, n) }] };
    if (n.type === 'call_expression' && /^strings\.Join$/.test(calleeName(n) ?? '')) {
      const [list, sep] = callArgs(n).map((a) => this.ctx.evaluator.evaluate(this.file, a));
      const items = stringItems(list);
      if (items && sep?.kind === 'string') return text(items.join(sep.value), spanOf(this.file, n));
    }
    const v = this.ctx.evaluator.evaluate(this.file, n);
    if (v.kind === 'string') return text(v.value, spanOf(this.file, n));
    return 'unknown';
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function text(value: string, at: Span): SymbolicValue {
  const c: ValueCase = { when: { kind: 'any' }, parts: value === '' ? [] : [{ kind: 'text', text: value }], at };
  return { cases: [c] };
}

function both(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  return { kind: 'and', matchers: [a, b] };
}
