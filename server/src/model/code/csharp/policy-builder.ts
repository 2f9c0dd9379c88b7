import type { Node } from '@vscode/tree-sitter-wasm';
import { descendants, field, invocation, lambdaParams, unparen } from './ast';
import { emptyPolicy, type AspNetCors, type Entry } from './aspnet-policy';
import type { CsFixTarget } from './fix-targets';
import { predicateMatcher } from './origin-predicate';
import type { CsValues } from './values';

const TIME_UNITS: Record<string, number> = { FromSeconds: 1, FromMinutes: 60, FromHours: 3600, FromDays: 86400 };

/**
 * The calls a `CorsPolicyBuilder` receives: inside `p => p.WithOrigins(...)...`
 * (chained or as statements on the parameter) or chained on
 * `new CorsPolicyBuilder(...)`. Later calls replace earlier ones the way the
 * builder does (`AllowAnyOrigin` clears the list, `WithOrigins` adds to it).
 */
export function readBuilder(values: CsValues, node: Node): { policy: AspNetCors; target: CsFixTarget } {
  const n = unparen(node);
  const policy = emptyPolicy(values.span(n));
  const target: CsFixTarget = {};
  let calls: Node[] = [];
  if (n.type === 'lambda_expression') {
    const [param] = lambdaParams(n);
    const paramNode = field(n, 'parameters');
    if (paramNode) target.insert = { file: values.file.path, offset: paramNode.endIndex };
    const body = field(n, 'body');
    if (param && body) calls = [...descendants(body)].filter((c) => c.type === 'invocation_expression' && invocation(c) && rootOf(c) === param);
    // `p => p.WithOrigins(...)`: the origins call goes right after the parameter's use in the body.
    const first = body && [...descendants(body)].find((c) => c.type === 'identifier' && c.text === param);
    if (first) target.insert = { file: values.file.path, offset: first.endIndex };
  } else {
    for (let c: Node | undefined = n; c && invocation(c); c = invocation(c)!.object && unparen(invocation(c)!.object!)) calls.push(c);
    const ctor = calls.length ? invocation(calls[calls.length - 1])!.object : n.type === 'object_creation_expression' ? n : undefined;
    if (ctor?.type === 'object_creation_expression') withOrigins(values, policy, ctor, field(ctor, 'arguments') ? [...descendants(field(ctor, 'arguments')!)].filter((a) => a.type === 'argument').map((a) => unparen(a)) : [], target);
  }
  calls.sort((a, b) => invocation(a)!.nameNode.startIndex - invocation(b)!.nameNode.startIndex);
  for (const c of calls) apply(values, policy, c, target);
  return { policy, target };
}

function apply(values: CsValues, p: AspNetCors, call: Node, target: CsFixTarget): void {
  const inv = invocation(call)!;
  const at = values.span(call);
  const span = { file: at.file, range: { start: values.span(inv.nameNode).range.start, end: at.range.end } };
  const entries = (): Entry[] | undefined => values.strings(inv.args)?.map((e) => ({ value: e.value, at: values.span(e.node) }));
  switch (inv.name) {
    case 'WithOrigins': withOrigins(values, p, call, inv.args, target); break;
    case 'AllowAnyOrigin':
      p.origins = [{ value: '*', at: span }];
      target.origins = span;
      break;
    case 'WithMethods': p.methods.push(...(entries() ?? [])); break;
    case 'AllowAnyMethod': p.methods = [{ value: '*', at: span }]; break;
    case 'WithHeaders': p.headers.push(...(entries() ?? [])); break;
    case 'AllowAnyHeader': p.headers = [{ value: '*', at: span }]; break;
    case 'WithExposedHeaders': p.exposed.push(...(entries() ?? [])); break;
    case 'AllowCredentials': p.credentials = span; break;
    case 'DisallowCredentials': p.credentials = undefined; break;
    case 'SetPreflightMaxAge': {
      const arg = inv.args[0] && invocation(inv.args[0]);
      const unit = arg && TIME_UNITS[arg.name];
      const amount = arg?.args[0] && values.evaluate(arg.args[0]);
      if (unit && amount?.kind === 'number') p.maxAge = { value: amount.value * unit, at: span };
      break;
    }
    case 'SetIsOriginAllowed':
      if (inv.args[0]) p.isOriginAllowed = { kind: 'predicate', matcher: predicateMatcher(values, inv.args[0]), at: span };
      target.origins = span;
      break;
    case 'SetIsOriginAllowedToAllowWildcardSubdomains': p.isOriginAllowed = { kind: 'wildcard-subdomains', at: span }; break;
  }
}

function withOrigins(values: CsValues, p: AspNetCors, call: Node, args: Node[], target: CsFixTarget): void {
  const list = values.strings(args);
  const inv = invocation(call);
  const at = values.span(call);
  if (inv) target.origins ??= { file: at.file, range: { start: values.span(inv.nameNode).range.start, end: at.range.end } };
  if (!list) {
    p.opaqueOrigins = at;
    return;
  }
  // `CorsPolicyBuilder.GetNormalizedOrigin` lower-cases every origin.
  p.origins.push(...list.map((e) => ({ value: e.value.toLowerCase(), at: values.span(e.node) })));
}

/** The identifier a call chain starts from (`p` in `p.WithOrigins(...).AllowCredentials()`). */
function rootOf(n: Node): string | undefined {
  let c: Node | undefined = n;
  for (let i = 0; c && i < 64; i++) {
    const u: Node = unparen(c);
    if (u.type === 'identifier') return u.text;
    const inv = invocation(u);
    if (inv) c = inv.object;
    else if (u.type === 'member_access_expression') c = field(u, 'expression');
    else return undefined;
  }
  return undefined;
}
