import type { CorsPolicy, HeaderEmission, ResponseBranch } from '../../cors-policy';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { spanOf } from './ast';
import { checkContext, functionCases, listMatchers, OptionsReader, optionsTarget, originSpec, type OriginAnswer, type OriginCase } from './cors-options';
import { optionsTargets } from './fix-targets';
import { jsCorsFixer } from './js-fixer-hook';
import { importedNames } from './module-imports';
import { middlewareMounts } from './mounts';
import { and, branch, echoFor, emit, isOptions, literal, notOptions, originIs, policy, requestHeaderValue } from './policy-parts';
import { JsEvaluator } from './values';

/** Hono's own methods list; `QUERY` joined it in 4.10 (src/middleware/cors/index.ts). */
function defaultMethods(version: string | undefined): string {
  const [major, minor] = (version ?? '4.13.0').split('.').map(Number);
  const query = major > 4 || (major === 4 && minor >= 10);
  return ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', ...(query ? ['QUERY'] : [])].join(',');
}

/**
 * `hono/cors` 4 (dist/middleware/cors/index.js): a string other than `*` is an
 * exact check that echoes, an array is `includes`, a function's return value
 * is sent as is; Allow-Credentials goes to every origin; any OPTIONS is
 * answered 204; `Vary: Origin` whenever the origin option is not `*`.
 */
export const honoExtractor: FrameworkExtractor = {
  id: 'hono-cors',
  languages: ['javascript', 'typescript', 'tsx'],
  mentions: /hono\/cors/,
  sources: ['hono'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const names = importedNames(file, ['hono/cors']);
    if (names.size === 0) return { policies: [] };
    const evaluator = new JsEvaluator(project);
    const methods = defaultMethods(project.versions(file.path).get('hono')?.version);
    const policies: CorsPolicy[] = [];
    for (const m of middlewareMounts(file, names, ['use', 'all', 'on'])) {
      const reader = new OptionsReader(evaluator, m.args[0] ? evaluator.evaluate(file, m.args[0]) : undefined, spanOf(file, m.middleware));
      const at = spanOf(file, m.call);
      const built = policy('hono', `Hono use(${m.path ? `'${m.path}', ` : ''}cors())`, at, honoBranches(reader, file, methods), [...reader.notes]);
      optionsTargets.set(built, optionsTarget(reader, m.middleware, file));
      policies.push(built);
    }
    return { policies };
  },
  fixer: jsCorsFixer,
};

function honoBranches(reader: OptionsReader, file: CodeFile, defaultMethodList: string): ResponseBranch[] {
  const spec = originSpec(reader.get('origin'));
  const star = spec.kind === 'absent' || (spec.kind === 'string' && spec.value === '*');
  const at = reader.at;
  const out: ResponseBranch[] = [];
  for (const c of originCases(reader, file)) {
    const when = originIs(c.when);
    const common: HeaderEmission[] = [];
    const acao = acaoOf(c.answer);
    if (acao) common.push(acao);
    const credentials = reader.get('credentials');
    if (credentials && credentials.kind !== 'nullish' && !(credentials.kind === 'boolean' && !credentials.value)) {
      common.push(literal('Access-Control-Allow-Credentials', 'true', reader.where('credentials')));
    }
    const exposed = reader.list('exposeHeaders', ',');
    if (exposed) common.push(literal('Access-Control-Expose-Headers', exposed, reader.where('exposeHeaders')));
    const preflight = [...common];
    const maxAge = reader.get('maxAge');
    if (maxAge?.kind === 'number' || maxAge?.kind === 'string') preflight.push(literal('Access-Control-Max-Age', String(maxAge.value), reader.where('maxAge')));
    const methods = reader.get('allowMethods') ? reader.list('allowMethods', ',') : defaultMethodList;
    if (methods === null) preflight.push(emit('Access-Control-Allow-Methods', unknownValue('allowMethods', reader.where('allowMethods')), reader.where('allowMethods')));
    else if (methods) preflight.push(literal('Access-Control-Allow-Methods', methods, reader.where('allowMethods')));
    const headers = reader.list('allowHeaders', ',');
    const vary = star ? [] : ['Origin'];
    if (headers) preflight.push(literal('Access-Control-Allow-Headers', headers, reader.where('allowHeaders')));
    // Without allowHeaders the requested names are sent back (split on commas and trimmed; browsers send them without spaces).
    else preflight.push(emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', at), at));
    const withVary = (names: string[]) => (names.length ? [...preflight, literal('Vary', names.join(', '), at)] : preflight);
    if (headers) {
      out.push(branch(and(isOptions, when), { kind: 'fixed', code: 204, at }, withVary([...vary, 'Access-Control-Request-Headers']), at));
    } else {
      // The requested names are echoed, and Vary names them, only when the preflight asks for some.
      out.push(branch(and(isOptions, when, { kind: 'header-present', name: 'access-control-request-headers' }), { kind: 'fixed', code: 204, at }, withVary([...vary, 'Access-Control-Request-Headers']), at));
      out.push(branch(and(isOptions, when), { kind: 'fixed', code: 204, at }, withVary(vary), at));
    }
    const actual = [...common];
    if (vary.length) actual.push(literal('Vary', 'Origin', at));
    out.push(branch(and(notOptions, when), { kind: 'app', at }, actual, at));
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

function originCases(reader: OptionsReader, file: CodeFile): OriginCase[] {
  const spec = originSpec(reader.get('origin'));
  const at = reader.where('origin');
  const one = (answer: OriginAnswer): OriginCase[] => [{ when: { kind: 'any' }, answer }];
  const ctx = checkContext(reader.evaluator, file, false);
  if (!reader.known) return one({ kind: 'unknown', why: 'the options are computed at run time', at: reader.at });
  switch (spec.kind) {
    case 'absent': return one({ kind: 'star', at });
    case 'string':
      if (spec.value === '*') return one({ kind: 'star', at: spec.at });
      return one({ kind: 'echo-if', matchers: [{ when: { kind: 'exact', value: spec.value, caseInsensitive: false, at: spec.at }, at: spec.at }], at: spec.at });
    case 'list': {
      // `Array.prototype.includes`: only strings can equal the Origin.
      const matchers = listMatchers(ctx, spec.items, true).map((m, i) => (spec.items[i].kind === 'regex' ? { ...m, when: { kind: 'none' as const } } : m));
      return one({ kind: 'echo-if', matchers, at: spec.at });
    }
    case 'function':
      return functionCases(reader.evaluator, spec.value, 'return', (o): OriginAnswer => {
        switch (o.kind) {
          case 'echo': return { kind: 'echo-if', matchers: [{ when: { kind: 'any', at: o.at }, at: o.at }], at: o.at };
          case 'allow': return { kind: 'fixed', value: 'true', at: o.at };
          case 'value': return { kind: 'fixed', value: o.value, at: o.at };
          case 'deny': return { kind: 'no-acao', at: o.at };
          case 'error': return { kind: 'error', at: o.at, why: 'the origin function throws' };
          default: return { kind: 'unknown', why: 'the origin function', at: o.at };
        }
      });
    default: return one({ kind: 'unknown', why: spec.kind === 'unknown' ? spec.why : `an origin option of kind ${spec.kind}`, at });
  }
}
