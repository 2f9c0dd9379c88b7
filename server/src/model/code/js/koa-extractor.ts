import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch } from '../../cors-policy';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { dottedName, spanOf, stringLiteral, unwrap, callArgs, field, paramNames } from './ast';
import { functionCases, OptionsReader, optionsTarget, originSpec, type OriginAnswer, type OriginCase } from './cors-options';
import { optionsTargets } from './fix-targets';
import { jsCorsFixer } from './js-fixer-hook';
import { importedNames } from './module-imports';
import { middlewareMounts } from './mounts';
import { and, branch, echoFor, emit, isOptions, literal, notOptions, originIs, policy, requestHeaderValue } from './policy-parts';
import { JsEvaluator } from './values';
import { findBinding } from './bindings';

/**
 * Koa with `@koa/cors` 5 (index.js): `Vary: Origin` on every response; the
 * origin option is a string sent as is or `fn(ctx)` whose answer is sent (a
 * falsy one skips CORS); `credentials` with the `*` default echoes the request
 * Origin; only OPTIONS with Access-Control-Request-Method is a preflight (204).
 */
export const koaExtractor: FrameworkExtractor = {
  id: 'koa-cors',
  languages: ['javascript', 'typescript', 'tsx'],
  mentions: /@koa\/cors|koa2-cors/,
  sources: ['koa'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const names = importedNames(file, ['@koa/cors']);
    if (names.size === 0) return { policies: [] };
    const evaluator = new JsEvaluator(project);
    const policies: CorsPolicy[] = [];
    for (const m of middlewareMounts(file, names, ['use'])) {
      const at = spanOf(file, m.call);
      const reader = new OptionsReader(evaluator, m.args[0] ? evaluator.evaluate(file, m.args[0]) : undefined, spanOf(file, m.middleware));
      const built = policy('koa', `Koa app.use(cors())${m.path ? ` ${m.path}` : ''}`, at, koaBranches(reader), [...reader.notes]);
      optionsTargets.set(built, optionsTarget(reader, m.middleware, file));
      policies.push(built);
    }
    return { policies };
  },
  fixer: jsCorsFixer,
};

/** Statuses an app reaches without throwing: Koa answers a thrown error with 500 (or the error's own 4xx/5xx). */
const NOT_THROWN = Array.from({ length: 400 }, (_, i) => 100 + i).concat([404]);

function koaBranches(reader: OptionsReader): ResponseBranch[] {
  const credentials = reader.bool('credentials') === true;
  const cases = originCases(reader, credentials);
  const vary = literal('Vary', 'Origin', reader.at);
  // Koa's ctx.onerror removes every header set before a thrown error; only the actual-request path puts its own back (keepHeadersOnError).
  const varyUnlessThrown: HeaderEmission = { ...vary, statuses: NOT_THROWN };
  const hasAcrm: RequestCondition = { kind: 'header-present', name: 'access-control-request-method' };
  const out: ResponseBranch[] = [];
  for (const c of cases) {
    const when = originIs(c.when);
    if (c.answer.kind === 'none' || c.answer.kind === 'error') {
      const status = c.answer.kind === 'error' ? { kind: 'fixed' as const, code: 500, at: c.answer.at } : { kind: 'app' as const, at: c.answer.at };
      out.push(branch(when, status, [varyUnlessThrown], reader.at));
      continue;
    }
    const acao = acaoOf(c.answer);
    const common: HeaderEmission[] = [vary, ...(acao ? [acao] : [])];
    if (credentials) common.push(literal('Access-Control-Allow-Credentials', 'true', reader.where('credentials')));
    const preflight = [...common];
    const maxAge = reader.get('maxAge');
    if ((maxAge?.kind === 'number' && maxAge.value !== 0) || (maxAge?.kind === 'string' && maxAge.value !== '')) {
      preflight.push(literal('Access-Control-Max-Age', String(maxAge.value), reader.where('maxAge')));
    }
    const methods = reader.get('allowMethods') ? reader.list('allowMethods', ',') : 'GET,HEAD,PUT,POST,DELETE,PATCH';
    if (methods) preflight.push(literal('Access-Control-Allow-Methods', methods, reader.where('allowMethods')));
    const headers = reader.list('allowHeaders', ',');
    if (headers) preflight.push(literal('Access-Control-Allow-Headers', headers, reader.where('allowHeaders')));
    else preflight.push(emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', reader.at), reader.at));
    const actual = [...common];
    const exposed = reader.list('exposeHeaders', ',');
    if (exposed) actual.push(literal('Access-Control-Expose-Headers', exposed, reader.where('exposeHeaders')));
    out.push(branch(and(isOptions, hasAcrm, when), { kind: 'fixed', code: 204, at: reader.at }, preflight, reader.at));
    out.push(branch(and(isOptions, when), { kind: 'app', at: reader.at }, [varyUnlessThrown], reader.at));
    out.push(branch(and(notOptions, when), { kind: 'app', at: reader.at }, actual, reader.at));
  }
  return out;
}

function acaoOf(answer: OriginAnswer): HeaderEmission | undefined {
  switch (answer.kind) {
    case 'star': return literal('Access-Control-Allow-Origin', '*', answer.at);
    case 'fixed': return literal('Access-Control-Allow-Origin', answer.value, answer.at);
    case 'echo-if': return emit('Access-Control-Allow-Origin', echoFor(answer.matchers), answer.at);
    case 'unknown': return emit('Access-Control-Allow-Origin', unknownValue('origin', answer.at), answer.at);
    default: return undefined;
  }
}

function originCases(reader: OptionsReader, credentials: boolean): OriginCase[] {
  const spec = originSpec(reader.get('origin'));
  const one = (answer: OriginAnswer): OriginCase[] => [{ when: { kind: 'any' }, answer }];
  const at = reader.where('origin');
  // `credentials && origin === '*'` → the request Origin is sent instead.
  const star = (where: typeof at): OriginAnswer => (credentials ? { kind: 'echo-if', matchers: [{ when: { kind: 'any', at: where }, at: where }], at: where } : { kind: 'star', at: where });
  if (!reader.known) return one({ kind: 'unknown', why: 'the options are computed at run time', at: reader.at });
  switch (spec.kind) {
    case 'absent': case 'nullish': return one(star(at));
    case 'string': return one(spec.value === '*' || spec.value === '' ? star(spec.at) : { kind: 'fixed', value: spec.value, at: spec.at });
    case 'boolean': return one(spec.value ? { kind: 'fixed', value: 'true', at: spec.at } : star(spec.at));
    case 'function': {
      const fn = spec.value.fn;
      const ctxName = paramNames(fn)[0];
      // `fn(ctx)`: the Origin is `ctx.get('Origin')`, `ctx.headers.origin`, `ctx.request.header.origin`...
      const isOrigin = (n: Parameters<typeof unwrap>[0]) => ctxName !== undefined && isCtxOrigin(unwrap(n), ctxName);
      return functionCases(reader.evaluator, spec.value, 'return', (o): OriginAnswer => {
        switch (o.kind) {
          case 'allow': return { kind: 'fixed', value: 'true', at: o.at };
          case 'echo': return { kind: 'echo-if', matchers: [{ when: { kind: 'any', at: o.at }, at: o.at }], at: o.at };
          case 'value': return o.value === '*' ? star(o.at) : { kind: 'fixed', value: o.value, at: o.at };
          case 'deny': return { kind: 'none', at: o.at };
          case 'error': return { kind: 'error', at: o.at, why: 'the origin function throws' };
          default: return { kind: 'unknown', why: 'the origin function', at: o.at };
        }
      }, isOrigin);
    }
    default: return one({ kind: 'unknown', why: spec.kind === 'unknown' ? spec.why : `an origin option of kind ${spec.kind}`, at });
  }
}

export function isCtxOrigin(n: Parameters<typeof unwrap>[0], ctx: string, depth = 0): boolean {
  if (n.type === 'identifier' && depth < 4) {
    const b = findBinding(n, n.text);
    return b?.kind === 'value' && b.path.length === 0 && isCtxOrigin(unwrap(b.init), ctx, depth + 1);
  }
  const name = dottedName(n);
  if (name && new RegExp(`^${ctx}\\.(request\\.)?(headers?|req\\.headers)\\.origin$`, 'i').test(name)) return true;
  if (n.type === 'call_expression') {
    const callee = dottedName(field(n, 'function')!);
    const arg = callArgs(n)[0];
    if ((callee === `${ctx}.get` || callee === `${ctx}.request.get` || callee === `${ctx}.req.header`) && arg && stringLiteral(arg)?.toLowerCase() === 'origin') return true;
  }
  return false;
}
