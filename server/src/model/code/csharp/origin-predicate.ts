import type { Node } from '@vscode/tree-sitter-wasm';
import type { OriginMatcher } from '../../origin-matcher';
import { operatorOf } from '../js/ast';
import { csString, field, invocation, lambdaParams, named, unparen } from './ast';
import type { CsValues } from './values';

/**
 * An expression about the request Origin as a matcher: `==`, `string.Equals`,
 * `EndsWith` / `StartsWith` / `Contains` (ordinal unless a comparison says
 * otherwise), a list's `Contains`, an allowlist string's `Contains` (any
 * piece of it), `Regex.IsMatch` (a search, .NET semantics),
 * `&&`, `||`, `!` and constants. Undefined when it depends on something else.
 */
export function originCheck(values: CsValues, expr: Node, isOrigin: (n: Node) => boolean): OriginMatcher | undefined {
  const n = unparen(expr);
  const at = values.span(n);
  if (n.type === 'boolean_literal') return n.text === 'true' ? { kind: 'any', at } : { kind: 'none', at };
  if (n.type === 'prefix_unary_expression' && n.text.startsWith('!')) {
    const inner = originCheck(values, named(n)[0] ?? n, isOrigin);
    return inner && { kind: 'not', matcher: inner, at };
  }
  if (n.type === 'binary_expression') {
    const l = field(n, 'left')!;
    const r = field(n, 'right')!;
    const op = operatorOf(n);
    if (op === '&&' || op === '||') {
      const a = originCheck(values, l, isOrigin);
      const b = originCheck(values, r, isOrigin);
      return a && b ? { kind: op === '&&' ? 'and' : 'or', matchers: [a, b], at } : undefined;
    }
    if (op === '==' || op === '!=') {
      const [subject, other] = isOrigin(l) ? [l, r] : isOrigin(r) ? [r, l] : [undefined, undefined];
      const text = other && stringOf(values, other);
      if (!subject || text === undefined) return undefined;
      const exact: OriginMatcher = { kind: 'exact', value: text, caseInsensitive: false, at };
      return op === '==' ? exact : { kind: 'not', matcher: exact, at };
    }
    return undefined;
  }
  const inv = invocation(n);
  if (!inv) return undefined;
  const ignoreCase = inv.args.some((a) => /IgnoreCase/.test(a.text));
  const receiver = inv.object;
  if (receiver && isOrigin(receiver) && inv.args[0]) {
    const text = stringOf(values, inv.args[0]);
    if (text === undefined) return undefined;
    const kinds: Record<string, 'suffix' | 'prefix' | 'substring' | 'exact'> = { EndsWith: 'suffix', StartsWith: 'prefix', Contains: 'substring', Equals: 'exact' };
    const kind = kinds[inv.name];
    // String.EndsWith/StartsWith(string) compare with the current culture; for ASCII origins that is ordinal.
    return kind && { kind, value: text, caseInsensitive: ignoreCase, at };
  }
  if (inv.name === 'Equals' && /^(string|String)$/.test(receiver?.text ?? '') && inv.args.length >= 2) {
    const [a, b] = inv.args;
    const other = isOrigin(a) ? b : isOrigin(b) ? a : undefined;
    const text = other && stringOf(values, other);
    return text === undefined ? undefined : { kind: 'exact', value: text, caseInsensitive: ignoreCase, at };
  }
  if (inv.name === 'Contains' && receiver && inv.args[0] && isOrigin(inv.args[0])) {
    // `Allowed.Contains(origin)` on a string: any piece of it passes, the empty one too; ordinal unless a comparison says otherwise.
    const held = values.evaluate(receiver);
    if (held.kind === 'string') return { kind: 'within', value: held.value, caseInsensitive: ignoreCase, at };
    const list = values.strings([receiver]);
    if (!list) return undefined;
    const items = list.map((i): OriginMatcher => ({ kind: 'exact', value: i.value, caseInsensitive: false, at: values.span(i.node) }));
    return items.length === 1 ? items[0] : { kind: 'or', matchers: items, at };
  }
  if (inv.name === 'IsMatch' && /Regex$/.test(receiver?.text ?? '') && inv.args.length >= 2 && isOrigin(inv.args[0])) {
    const pattern = stringOf(values, inv.args[1]);
    return pattern === undefined ? undefined : { kind: 'regex', pattern, flavor: 'dotnet', mode: 'search', caseInsensitive: /IgnoreCase/.test(inv.args[2]?.text ?? ''), at };
  }
  return undefined;
}

/** `SetIsOriginAllowed(origin => ...)`: the lambda's answer as a matcher, opaque when the model cannot read it. */
export function predicateMatcher(values: CsValues, fn: Node): OriginMatcher {
  const at = values.span(fn);
  const opaque: OriginMatcher = { kind: 'opaque', description: 'the SetIsOriginAllowed predicate', at };
  // A method group (`SetIsOriginAllowed(IsAllowed)`): the method of that name in this file, when there is one.
  const target = fn.type === 'identifier' ? methodNamed(values, fn.text) : fn;
  if (!target || (target.type !== 'lambda_expression' && target.type !== 'method_declaration' && target.type !== 'local_function_statement')) return opaque;
  const [param] = target.type === 'lambda_expression' ? lambdaParams(target) : named(field(target, 'parameters') ?? target).map((p) => field(p, 'name')?.text);
  let body = field(target, 'body');
  if (body?.type === 'arrow_expression_clause') body = named(body)[0];
  if (!param || !body) return opaque;
  const isOrigin = (n: Node) => unparen(n).type === 'identifier' && unparen(n).text === param;
  let expr: Node | undefined = body;
  if (body.type === 'block') {
    const stmts = named(body);
    expr = stmts.length === 1 && stmts[0].type === 'return_statement' ? named(stmts[0])[0] : undefined;
  }
  return (expr && originCheck(values, expr, isOrigin)) ?? opaque;
}

function methodNamed(values: CsValues, name: string): Node | undefined {
  const found: Node[] = [];
  const stack: Node[] = [values.file.tree.rootNode];
  while (stack.length > 0 && found.length < 2) {
    const n = stack.pop()!;
    if ((n.type === 'method_declaration' || n.type === 'local_function_statement') && field(n, 'name')?.text === name) found.push(n);
    for (const c of named(n)) stack.push(c);
  }
  // Overloads or none: the model cannot tell which one runs.
  return found.length === 1 ? found[0] : undefined;
}

function stringOf(values: CsValues, n: Node): string | undefined {
  const direct = csString(n);
  if (direct !== undefined) return direct;
  const v = values.evaluate(n);
  return v.kind === 'string' ? v.value : undefined;
}
