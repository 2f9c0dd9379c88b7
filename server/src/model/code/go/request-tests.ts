import type { Node } from '@vscode/tree-sitter-wasm';
import type { RequestCondition } from '../../cors-policy';
import { callArgs, calleeName, field, goString, operatorOf, selectorName, unparen } from './ast';
import type { GoEvaluator } from './values';
import type { CodeFile } from '../code-project';

/** A test on the request decided for this walk (`true`/`false`), or left to the request as a condition. */
export type RequestTest = boolean | RequestCondition;

export interface RequestNames {
  file: CodeFile;
  evaluator: GoEvaluator;
  /** The request as the code reaches it (`r`, `c.Request`). */
  r: string;
  /** The gin context, whose `GetHeader` reads request headers too. */
  gin?: string;
  /** The walk's method: OPTIONS, or GET standing for every other method. */
  method: 'OPTIONS' | 'GET';
}

/**
 * `r.Method == http.MethodOptions`, `r.Header.Get("Access-Control-Request-Method") != ""`
 * and their combinations: what they say about the request. Tests on the
 * Origin, and anything else, are undefined (origin checks and routing
 * decisions are read elsewhere).
 */
export function requestTest(names: RequestNames, node: Node): RequestTest | undefined {
  const n = unparen(node);
  if (n.type === 'unary_expression' && operatorOf(n) === '!') {
    const inner = requestTest(names, field(n, 'operand')!);
    return inner === undefined ? undefined : not(inner);
  }
  if (n.type !== 'binary_expression') return undefined;
  const op = operatorOf(n);
  if (op === '&&' || op === '||') {
    const l = requestTest(names, field(n, 'left')!);
    const r = requestTest(names, field(n, 'right')!);
    if (l === undefined || r === undefined) {
      // One side decides alone: `false && x`, `true || x`.
      const known = l ?? r;
      if (op === '&&' && known === false) return false;
      if (op === '||' && known === true) return true;
      return undefined;
    }
    return op === '&&' ? and(l, r) : or(l, r);
  }
  if (op !== '==' && op !== '!=') return undefined;
  const l = unparen(field(n, 'left')!), r = unparen(field(n, 'right')!);
  const equal = methodEquals(names, l, r) ?? methodEquals(names, r, l) ?? headerEmpty(names, l, r) ?? headerEmpty(names, r, l);
  if (equal === undefined) return undefined;
  return op === '!=' ? not(equal) : equal;
}

function methodEquals(names: RequestNames, side: Node, other: Node): RequestTest | undefined {
  if (selectorName(side) !== `${names.r}.Method`) return undefined;
  const v = names.evaluator.evaluate(names.file, other);
  if (v.kind !== 'string') return undefined;
  if (names.method === 'OPTIONS') return v.value === 'OPTIONS';
  // The GET walk stands for every method but OPTIONS.
  return v.value === 'OPTIONS' ? false : { kind: 'method', methods: [v.value] };
}

/** `r.Header.Get("X") == ""`: the header is absent or empty. */
function headerEmpty(names: RequestNames, side: Node, other: Node): RequestTest | undefined {
  if (side.type !== 'call_expression') return undefined;
  const callee = calleeName(side);
  if (callee !== `${names.r}.Header.Get` && (names.gin === undefined || callee !== `${names.gin}.GetHeader`)) return undefined;
  const header = callArgs(side)[0] && goString(callArgs(side)[0]);
  if (!header || header.toLowerCase() === 'origin' || goString(other) !== '') return undefined;
  return { kind: 'not', cond: { kind: 'header-present', name: header.toLowerCase() } };
}

export function not(t: RequestTest): RequestTest {
  if (typeof t === 'boolean') return !t;
  return t.kind === 'not' ? t.cond : { kind: 'not', cond: t };
}

function and(a: RequestTest, b: RequestTest): RequestTest {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return { kind: 'and', conds: [a, b] };
}

function or(a: RequestTest, b: RequestTest): RequestTest {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  return { kind: 'or', conds: [a, b] };
}
