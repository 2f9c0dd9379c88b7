import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { callArgs, field, named, operatorOf, paramNames, spanOf, unwrap } from './ast';
import { conditionMatcher, type CheckContext } from './origin-checks';
import type { JsEvaluator, JsValue } from './values';

/** What an origin function answers for the origins of one case. */
export type OriginOutcome =
  /** `true` / `cb(null, true)`: the library echoes the Origin. */
  | { kind: 'allow'; at: Span }
  /** `false`, `null`, nothing: no CORS for this request. */
  | { kind: 'deny'; at: Span; nullish: boolean }
  /** The request's Origin itself returned as a string. */
  | { kind: 'echo'; at: Span }
  /** A fixed string. */
  | { kind: 'value'; value: string; at: Span }
  /** `cb(new Error(...))`, a throw: the request fails. */
  | { kind: 'error'; at: Span }
  /** The callback is never called: the request hangs. */
  | { kind: 'hangs'; at: Span }
  | { kind: 'unknown'; why: string; at: Span };

export interface OriginDecision {
  when: OriginMatcher;
  outcome: OriginOutcome;
}

const MAX_DECISIONS = 64;

/**
 * Reads `(origin, cb) => ...` or `(origin) => ...` as an ordered list of
 * (origins, answer) pairs; the last pair admits any origin.
 */
export function analyseOriginFunction(
  evaluator: JsEvaluator,
  fnValue: JsValue & { kind: 'function' },
  style: 'callback' | 'return',
  /** Where the Origin is not the first parameter (Koa's `fn(ctx)`): how to recognise it. */
  isOrigin?: (node: Node) => boolean,
): OriginDecision[] {
  const fn = fnValue.fn;
  const file = fnValue.file;
  const params = paramNames(fn);
  const originName = params[0];
  const cbName = style === 'callback' ? params[1] : undefined;
  const ctx: CheckContext = {
    file,
    evaluator,
    statefulRegexes: true,
    isOrigin: isOrigin ?? ((node) => originName !== undefined && node.type === 'identifier' && node.text === originName),
  };
  const walker = new Walker(ctx, file, cbName, style);
  const body = field(fn, 'body');
  if (!body) return [{ when: { kind: 'any' }, outcome: { kind: 'unknown', why: 'no body', at: spanOf(file, fn) } }];
  if (body.type !== 'statement_block') return walker.fromExpression(body, style === 'return');
  return walker.statements(named(body), spanOf(file, body));
}

class Walker {
  private budget = 400;
  constructor(
    private readonly ctx: CheckContext,
    private readonly file: CodeFile,
    private readonly cbName: string | undefined,
    private readonly style: 'callback' | 'return',
  ) {}

  statements(stmts: Node[], end: Span): OriginDecision[] {
    if (--this.budget < 0) return [{ when: { kind: 'any' }, outcome: { kind: 'unknown', why: 'too many paths', at: end } }];
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      const rest = stmts.slice(i + 1);
      switch (s.type) {
        case 'if_statement': {
          const cond = conditionMatcher(this.ctx, field(s, 'condition')!);
          const then = blockOf(field(s, 'consequence')!);
          const alt = field(s, 'alternative');
          const other = alt ? blockOf(named(alt)[0] ?? alt) : [];
          const yes = this.statements([...then, ...rest], end);
          const no = this.statements([...other, ...rest], end);
          return limit(guarded(cond, yes, no));
        }
        case 'return_statement': {
          const expr = named(s)[0];
          if (!expr) return [{ when: { kind: 'any' }, outcome: this.fallThrough(spanOf(this.file, s)) }];
          return this.fromExpression(expr, this.style === 'return');
        }
        case 'throw_statement': return [{ when: { kind: 'any' }, outcome: { kind: 'error', at: spanOf(this.file, s) } }];
        case 'expression_statement': {
          const e = unwrap(named(s)[0]!);
          if (this.isCallbackCall(e)) return this.fromExpression(e, false);
          continue;
        }
        case 'try_statement': {
          const body = field(s, 'body');
          if (body) return this.statements([...named(body), ...rest], end);
          continue;
        }
        case 'statement_block': return this.statements([...named(s), ...rest], end);
        default: continue;
      }
    }
    return [{ when: { kind: 'any' }, outcome: this.fallThrough(end) }];
  }

  private fallThrough(at: Span): OriginOutcome {
    return this.style === 'callback' ? { kind: 'hangs', at } : { kind: 'deny', at, nullish: true };
  }

  private isCallbackCall(e: Node): boolean {
    return e.type === 'call_expression' && this.cbName !== undefined && unwrap(field(e, 'function')!).text === this.cbName;
  }

  /** The answer an expression gives: a returned value, or the arguments of a callback call. */
  fromExpression(node: Node, returned: boolean): OriginDecision[] {
    const e = unwrap(node);
    const at = spanOf(this.file, e);
    if (this.isCallbackCall(e)) {
      const [err, value] = callArgs(e);
      if (err && !isNullish(unwrap(err))) return [{ when: { kind: 'any' }, outcome: { kind: 'error', at } }];
      if (!value) return [{ when: { kind: 'any' }, outcome: { kind: 'deny', at, nullish: true } }];
      return this.valueDecisions(value);
    }
    if (!returned) {
      if (e.type === 'ternary_expression') {
        const cond = conditionMatcher(this.ctx, field(e, 'condition')!);
        return guarded(cond, this.fromExpression(field(e, 'consequence')!, false), this.fromExpression(field(e, 'alternative')!, false));
      }
      return [{ when: { kind: 'any' }, outcome: this.fallThrough(at) }];
    }
    return this.valueDecisions(e);
  }

  /** The value a callback passes or a function returns, split by the conditions inside it. */
  private valueDecisions(node: Node): OriginDecision[] {
    const e = unwrap(node);
    const at = spanOf(this.file, e);
    if (this.ctx.isOrigin(e)) return [{ when: { kind: 'any' }, outcome: { kind: 'echo', at } }];
    if (e.type === 'ternary_expression') {
      const cond = conditionMatcher(this.ctx, field(e, 'condition')!);
      return limit(guarded(cond, this.valueDecisions(field(e, 'consequence')!), this.valueDecisions(field(e, 'alternative')!)));
    }
    if (e.type === 'binary_expression') {
      // `ok && origin` returns the origin when ok holds, else a falsy value.
      const op = operatorOf(e);
      const right = field(e, 'right')!;
      if (op === '&&' && this.ctx.isOrigin(unwrap(right))) {
        return guarded(conditionMatcher(this.ctx, field(e, 'left')!), [{ when: { kind: 'any' }, outcome: { kind: 'echo', at } }], [{ when: { kind: 'any' }, outcome: { kind: 'deny', at, nullish: false } }]);
      }
    }
    const value = this.ctx.evaluator.evaluate(this.file, e);
    switch (value.kind) {
      case 'boolean': return [{ when: { kind: 'any' }, outcome: value.value ? { kind: 'allow', at } : { kind: 'deny', at, nullish: false } }];
      case 'nullish': return [{ when: { kind: 'any' }, outcome: { kind: 'deny', at, nullish: true } }];
      case 'string': return [{ when: { kind: 'any' }, outcome: value.value === '' ? { kind: 'deny', at, nullish: false } : { kind: 'value', value: value.value, at } }];
      case 'unknown': break;
      default: return [{ when: { kind: 'any' }, outcome: { kind: 'unknown', why: `answers with ${value.kind === 'array' ? 'a list' : `a ${value.kind}`}`, at } }];
    }
    // A check used as the answer (`allowed.includes(origin)`): true for the origins it admits.
    const cond = conditionMatcher(this.ctx, e);
    if (cond.kind === 'opaque') return [{ when: { kind: 'any' }, outcome: { kind: 'unknown', why: `answers with ${e.text.slice(0, 60)}`, at } }];
    return guarded(cond, [{ when: { kind: 'any' }, outcome: { kind: 'allow', at } }], [{ when: { kind: 'any' }, outcome: { kind: 'deny', at, nullish: false } }]);
  }
}

function isNullish(n: Node): boolean {
  return n.type === 'null' || n.text === 'undefined';
}

function blockOf(n: Node): Node[] {
  return n.type === 'statement_block' ? named(n) : [n];
}

/** Decisions under a condition first, then the others: first match wins, so the second list needs no negation. */
function guarded(cond: OriginMatcher, yes: OriginDecision[], no: OriginDecision[]): OriginDecision[] {
  if (cond.kind === 'any') return yes;
  if (cond.kind === 'none') return no;
  return [...yes.map((d) => ({ when: both(cond, d.when), outcome: d.outcome })), ...no];
}

function both(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (b.kind === 'any') return a;
  if (a.kind === 'any') return b;
  return { kind: 'and', matchers: [a, b] };
}

function limit(decisions: OriginDecision[]): OriginDecision[] {
  if (decisions.length <= MAX_DECISIONS) return decisions;
  const last = decisions[decisions.length - 1];
  return [...decisions.slice(0, MAX_DECISIONS - 1), { when: { kind: 'any' }, outcome: { kind: 'unknown', why: 'too many cases', at: last.outcome.at } }];
}
