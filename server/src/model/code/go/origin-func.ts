import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { blockStatements, field, goParams, named, spanOf, unparen } from './ast';
import { goCondition, rangeCheck, type GoCheckContext } from './origin-checks';
import { findLocal, type GoEvaluator } from './values';

/** What an origin callback answers for the origins of one case. */
export interface OriginDecision {
  when: OriginMatcher;
  answer: 'allow' | 'deny' | 'unknown' | 'panics';
  at: Span;
}

const MAX_DECISIONS = 64;
/** Statements indented this far sit in generated or hostile code: the callback is left unread. */
const MAX_COLUMN = 400;

/**
 * Reads `func(origin string) bool { ... }` as ordered (origins, answer)
 * pairs, the last one admitting any origin. `originParam` is the position of
 * the Origin among the parameters (rs/cors's AllowOriginRequestFunc passes the
 * request first).
 */
export function analyseOriginFunc(evaluator: GoEvaluator, file: CodeFile, fn: Node, originParam = 0): OriginDecision[] {
  const name = goParams(fn)[originParam]?.name;
  const ctx: GoCheckContext = {
    file,
    evaluator,
    isOrigin: (n) => {
      if (!name || n.type !== 'identifier' || n.text !== name) return false;
      const b = findLocal(n, name);
      return b?.kind === 'param';
    },
  };
  const body = field(fn, 'body');
  const walker = new Walker(ctx, file);
  return walker.statements(blockStatements(body), body ? spanOf(file, body) : spanOf(file, fn));
}

class Walker {
  private budget = 400;
  constructor(private readonly ctx: GoCheckContext, private readonly file: CodeFile) {}

  statements(stmts: Node[], end: Span): OriginDecision[] {
    if (--this.budget < 0 || stmts.some((s) => s.startPosition.column > MAX_COLUMN)) return [{ when: { kind: 'any' }, answer: 'unknown', at: end }];
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      const rest = stmts.slice(i + 1);
      switch (s.type) {
        case 'if_statement': {
          if (field(s, 'initializer') && !simpleInitializer(field(s, 'initializer')!)) return [{ when: { kind: 'any' }, answer: 'unknown', at: spanOf(this.file, s) }];
          const cond = goCondition(this.ctx, field(s, 'condition')!);
          const then = blockStatements(field(s, 'consequence'));
          const alt = field(s, 'alternative');
          const other = alt ? (alt.type === 'block' ? blockStatements(alt) : [alt]) : [];
          return limit(guarded(cond, this.statements([...then, ...rest], end), this.statements([...other, ...rest], end)));
        }
        case 'return_statement': {
          const list = named(s)[0];
          const expr = list?.type === 'expression_list' ? named(list)[0] : list;
          if (!expr) return [{ when: { kind: 'any' }, answer: 'deny', at: spanOf(this.file, s) }];
          return this.returned(expr);
        }
        case 'for_statement': {
          const loop = rangeCheck(this.ctx, s);
          if (!loop) continue;
          return limit(guarded(loop.when, this.statements(loop.then, end), this.statements(rest, end)));
        }
        case 'expression_statement': {
          const e = named(s)[0];
          if (e?.type === 'call_expression' && /^(panic|log\.Fatal|log\.Panic)/.test(field(e, 'function')?.text ?? '')) return [{ when: { kind: 'any' }, answer: 'panics', at: spanOf(this.file, s) }];
          continue;
        }
        case 'block': return this.statements([...blockStatements(s), ...rest], end);
        default: continue;
      }
    }
    // Go refuses to compile a bool function that can fall off its end; reaching here means the model lost track.
    return [{ when: { kind: 'any' }, answer: 'unknown', at: end }];
  }

  private returned(expr: Node): OriginDecision[] {
    const e = unparen(expr);
    const at = spanOf(this.file, e);
    if (e.type === 'true') return [{ when: { kind: 'any' }, answer: 'allow', at }];
    if (e.type === 'false') return [{ when: { kind: 'any' }, answer: 'deny', at }];
    const cond = goCondition(this.ctx, e);
    if (cond.kind === 'opaque') return [{ when: { kind: 'any' }, answer: 'unknown', at }];
    return guarded(cond, [{ when: { kind: 'any' }, answer: 'allow', at }], [{ when: { kind: 'any' }, answer: 'deny', at }]);
  }
}

function simpleInitializer(init: Node): boolean {
  return init.type === 'short_var_declaration';
}

function guarded(cond: OriginMatcher, yes: OriginDecision[], no: OriginDecision[]): OriginDecision[] {
  if (cond.kind === 'any') return yes;
  if (cond.kind === 'none') return no;
  return [...yes.map((d) => ({ ...d, when: both(cond, d.when) })), ...no];
}

function both(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (b.kind === 'any') return a;
  if (a.kind === 'any') return b;
  return { kind: 'and', matchers: [a, b] };
}

function limit(d: OriginDecision[]): OriginDecision[] {
  if (d.length <= MAX_DECISIONS) return d;
  return [...d.slice(0, MAX_DECISIONS - 1), { when: { kind: 'any' }, answer: 'unknown', at: d[d.length - 1].at }];
}

