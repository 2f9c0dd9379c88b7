import type { Node } from '@vscode/tree-sitter-wasm';
import type { RequestCondition } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import { comparisonOperators, dottedPy, field, named, pyArgs, spanOf, tokenOf, unwrapPy } from './ast';

/**
 * A condition on the request other than its Origin, as far as the model can
 * evaluate it: whether a header (`Authorization`, a token) was sent. Anything
 * else (the path, the session, the body) stays opaque.
 */
export function requestCondition(file: CodeFile, node: Node, depth = 0): RequestCondition {
  const n = unwrapPy(node);
  const opaque: RequestCondition = { kind: 'opaque', text: n.text.length > 80 ? `${n.text.slice(0, 77)}...` : n.text, at: spanOf(file, n) };
  if (depth > 20) return opaque;
  if (n.type === 'not_operator') return { kind: 'not', cond: requestCondition(file, field(n, 'argument')!, depth + 1) };
  if (n.type === 'boolean_operator') {
    const conds = [requestCondition(file, field(n, 'left')!, depth + 1), requestCondition(file, field(n, 'right')!, depth + 1)];
    return { kind: tokenOf(n) === 'and' ? 'and' : 'or', conds };
  }
  // `'X' not in request.headers`, `request.headers.get('X') is None` and their opposites.
  if (n.type === 'comparison_operator') {
    const op = comparisonOperators(n).join();
    const [left, right] = named(n);
    if ((op === 'not in') && left && right && isHeaders(right)) {
      const name = literal(left);
      if (name) return { kind: 'not', cond: { kind: 'header-present', name } };
    }
    if ((op === 'is' || op === 'is not' || op === '==' || op === '!=') && left && right?.type === 'none') {
      const name = headerPresence(unwrapPy(left));
      if (name) return op === 'is' || op === '==' ? { kind: 'not', cond: { kind: 'header-present', name } } : { kind: 'header-present', name };
    }
  }
  const header = headerPresence(n);
  return header ? { kind: 'header-present', name: header } : opaque;
}

/** `request.headers.get('X')`, `request.headers['X']`, `'X' in request.headers`, `request.authorization`: the header's name. */
function headerPresence(n: Node): string | undefined {
  if (n.type === 'attribute' && field(n, 'attribute')!.text === 'authorization' && /(^|\.)(request|req)$/.test(dottedPy(field(n, 'object')!) ?? '')) return 'authorization';
  if (n.type === 'call') {
    const callee = unwrapPy(field(n, 'function')!);
    if (callee.type !== 'attribute' || field(callee, 'attribute')!.text !== 'get' || !isHeaders(field(callee, 'object')!)) return undefined;
    const args = pyArgs(n);
    return args.positional.length === 1 ? literal(args.positional[0]) : undefined;
  }
  if (n.type === 'subscript' && isHeaders(field(n, 'value')!)) return literal(field(n, 'subscript'));
  if (n.type === 'comparison_operator' && comparisonOperators(n).join() === 'in') {
    const [left, right] = named(n);
    if (left && right && isHeaders(right)) return literal(left);
  }
  return undefined;
}

function isHeaders(n: Node): boolean {
  return /(^|\.)(request|req)\.headers$/.test(dottedPy(n) ?? '');
}

function literal(n: Node | undefined): string | undefined {
  const u = n && unwrapPy(n);
  const m = u?.type === 'string' ? /^[A-Za-z]*(['"])([^'"]*)\1$/.exec(u.text) : undefined;
  return m?.[2]?.toLowerCase();
}
