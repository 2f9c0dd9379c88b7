import type { Node } from '@vscode/tree-sitter-wasm';
import type { OriginMatcher } from '../../origin-matcher';
import { callArgs, calleeName, field, operatorOf, spanOf, unparen } from './ast';
import { findLocal } from './bindings';
import type { GoCheckContext } from './origin-checks';

/**
 * Checks on the Origin parsed with `u, err := url.Parse(origin)`: `u.Hostname()`,
 * `u.Host`, `u.Scheme` (which Parse lower-cases) compared with `==` or tested
 * with `strings.HasSuffix`/`HasPrefix`, and `err`. Browsers send serialised
 * origins (`scheme://host[:port]` or `null`), which always parse, so `err != nil`
 * admits none of them.
 */
export function urlCondition(ctx: GoCheckContext, n: Node): OriginMatcher | undefined {
  const at = spanOf(ctx.file, n);
  if (n.type === 'binary_expression' && (operatorOf(n) === '==' || operatorOf(n) === '!=')) {
    const negated = operatorOf(n) === '!=';
    const l = unparen(field(n, 'left')!), r = unparen(field(n, 'right')!);
    if ((isParseError(ctx, l) && r.type === 'nil') || (isParseError(ctx, r) && l.type === 'nil')) return { kind: negated ? 'none' : 'any', at };
    const [part, other] = urlPart(ctx, l) ? [urlPart(ctx, l)!, r] : urlPart(ctx, r) ? [urlPart(ctx, r)!, l] : [undefined, undefined];
    const v = other && ctx.evaluator.evaluate(ctx.file, other);
    if (!part || v?.kind !== 'string') return undefined;
    const m = partMatcher(part, 'equals', v.value, at);
    return negated ? { kind: 'not', matcher: m, at } : m;
  }
  if (n.type === 'call_expression') {
    const name = calleeName(n);
    const args = callArgs(n);
    const how = name === 'strings.HasSuffix' ? 'suffix' : name === 'strings.HasPrefix' ? 'prefix' : undefined;
    const part = how && args.length === 2 ? urlPart(ctx, unparen(args[0])) : undefined;
    const v = part && ctx.evaluator.evaluate(ctx.file, args[1]);
    if (part && how && v?.kind === 'string') return partMatcher(part, how, v.value, at);
  }
  return undefined;
}

type Part = 'hostname' | 'host' | 'scheme';

/** `u.Hostname()`, `u.Host`, `u.Scheme` of a URL parsed from the Origin. */
function urlPart(ctx: GoCheckContext, n: Node): Part | undefined {
  let target: Node | undefined;
  let part: Part | undefined;
  if (n.type === 'call_expression' && callArgs(n).length === 0) {
    const f = unparen(field(n, 'function')!);
    if (f.type === 'selector_expression' && field(f, 'field')?.text === 'Hostname') [target, part] = [field(f, 'operand'), 'hostname'];
  } else if (n.type === 'selector_expression') {
    const f = field(n, 'field')?.text;
    if (f === 'Host' || f === 'Scheme') [target, part] = [field(n, 'operand'), f === 'Host' ? 'host' : 'scheme'];
  }
  return target && part && parsedOrigin(ctx, unparen(target), 0) ? part : undefined;
}

/** `u` or `err` of `u, err := url.Parse(<the Origin>)`. */
function parsedOrigin(ctx: GoCheckContext, n: Node, index: 0 | 1): boolean {
  if (n.type !== 'identifier') return false;
  const b = findLocal(n, n.text);
  if (b?.kind !== 'local' || !b.value || (b.index ?? 0) !== index) return false;
  const v = unparen(b.value);
  const callee = v.type === 'call_expression' ? calleeName(v) : undefined;
  const arg = v.type === 'call_expression' ? callArgs(v)[0] : undefined;
  return !!arg && ctx.evaluator.imports.get((callee ?? '').split('.')[0]) === 'net/url' && /\.Parse$/.test(callee ?? '') && ctx.isOrigin(unparen(arg));
}

function isParseError(ctx: GoCheckContext, n: Node): boolean {
  return parsedOrigin(ctx, n, 1);
}

const SCHEME = '[A-Za-z][A-Za-z0-9+.\\-]*';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The origins whose parsed part equals, ends with or starts with `value`. */
function partMatcher(part: Part, how: 'equals' | 'suffix' | 'prefix', value: string, at: OriginMatcher['at']): OriginMatcher {
  const v = escape(value);
  const around = (inner: string) => (how === 'equals' ? inner : how === 'suffix' ? `[^/?#]*${inner}` : `${inner}[^/?#]*`);
  if (part === 'scheme') {
    // Parse lower-cases the scheme: a value with capitals matches nothing.
    if (value !== value.toLowerCase()) return { kind: 'none', at };
    const scheme = how === 'equals' ? v : how === 'suffix' ? `[A-Za-z0-9+.\\-]*${v}` : `${v}[A-Za-z0-9+.\\-]*`;
    return { kind: 'regex', pattern: `^${scheme}://`, flavor: 'go', mode: 'search', caseInsensitive: true, at };
  }
  if (part === 'host') return { kind: 'regex', pattern: `^${SCHEME}://${how === 'equals' ? v : around(v)}$`, flavor: 'go', mode: 'search', caseInsensitive: false, at };
  if (how === 'suffix' && value.startsWith('.')) {
    // Written as the suffix test it is on a serialised origin without a port, so rules see "every subdomain of".
    const withPort: OriginMatcher = { kind: 'regex', pattern: `^${SCHEME}://[^/?#:]*${v}:[0-9]*$`, flavor: 'go', mode: 'search', caseInsensitive: false, at };
    const noPort: OriginMatcher = { kind: 'and', matchers: [{ kind: 'regex', pattern: `^${SCHEME}://[^/?#:]*$`, flavor: 'go', mode: 'search', caseInsensitive: false, at }, { kind: 'suffix', value, caseInsensitive: false, at }], at };
    return { kind: 'or', matchers: [noPort, withPort], at };
  }
  const host = how === 'equals' ? v : how === 'suffix' ? `[^/?#:]*${v}` : `${v}[^/?#:]*`;
  return { kind: 'regex', pattern: `^${SCHEME}://${host}(?::[0-9]*)?$`, flavor: 'go', mode: 'search', caseInsensitive: false, at };
}

