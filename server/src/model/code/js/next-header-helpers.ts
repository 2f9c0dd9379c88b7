import type { Node } from '@vscode/tree-sitter-wasm';
import type { ValueCase } from '../../cors-policy';
import { bothMatchers } from '../../symbolic-value';
import { callArgs, field, isFunction, paramNames, unwrap } from './ast';
import type { SetHeader } from './handler-paths';
import { orElse } from './next-header-lists';
import { findBinding } from './bindings';

/** How deep helpers that call helpers are followed. */
export const MAX_HELPER_DEPTH = 3;

/** A local function a header list comes from (`corsHeaders(origin)`), and which of its parameters get the Origin or the request. */
export interface HelperCall {
  fn: Node;
  body: Node;
  originParams: Set<string>;
  request?: string;
}

/** The function a call names, when it is defined in this file, with what its arguments stand for. */
export function helperCall(call: Node, isOrigin: (n: Node) => boolean, request: string): HelperCall | undefined {
  const callee = unwrap(field(call, 'function')!);
  if (callee.type !== 'identifier') return undefined;
  const b = findBinding(callee, callee.text);
  const fn = b?.kind === 'function' ? b.node : b?.kind === 'value' && b.path.length === 0 && isFunction(unwrap(b.init)) ? unwrap(b.init) : undefined;
  const body = fn && field(fn, 'body');
  if (!fn || !body) return undefined;
  const params = paramNames(fn);
  const originParams = new Set<string>();
  let requestParam: string | undefined;
  callArgs(call).forEach((arg, i) => {
    const name = params[i];
    if (!name) return;
    if (isOrigin(unwrap(arg))) originParams.add(name);
    else if (unwrap(arg).type === 'identifier' && unwrap(arg).text === request) requestParam = name;
  });
  return { fn, body, originParams, ...(requestParam ? { request: requestParam } : {}) };
}

/**
 * The headers a helper returns, one list for all its ways through: each way's
 * values apply to the origins its checks admit, in the order written (the
 * first that admits an origin gives the value).
 */
export function mergeReturned(paths: { guard: Parameters<typeof bothMatchers>[0]; headers: SetHeader[] }[]): SetHeader[] {
  let out: SetHeader[] = [];
  for (const p of paths) {
    for (const h of p.headers) {
      const value = h.value === 'unknown' || p.guard.kind === 'any' ? h.value : { cases: h.value.cases.map((c): ValueCase => ({ ...c, when: bothMatchers(p.guard, c.when) })) };
      const same = out.find((x) => x.name.toLowerCase() === h.name.toLowerCase());
      out = same ? out.map((x) => (x === same ? { ...x, value: orElse(x.value, value) } : x)) : [...out, { ...h, value }];
    }
  }
  return out;
}
