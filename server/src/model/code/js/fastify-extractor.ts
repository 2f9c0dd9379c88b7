import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch, StatusModel } from '../../cors-policy';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { callArgs, field, spanOf, stringLiteral, unwrap } from './ast';
import { checkContext, functionCases, listMatchers, OptionsReader, optionsTarget, originSpec, type OriginAnswer, type OriginCase } from './cors-options';
import { optionsTargets } from './fix-targets';
import { jsCorsFixer } from './js-fixer-hook';
import { callsIn, importedNames } from './module-imports';
import { and, branch, echoFor, emit, isOptions, literal, notOptions, originIs, policy, requestHeaderValue } from './policy-parts';
import { JsEvaluator } from './values';

const PACKAGE = '@fastify/cors';

/** Fastify with `@fastify/cors`: `fastify.register(cors, options)`. */
export const fastifyExtractor: FrameworkExtractor = {
  id: 'fastify-cors',
  languages: ['javascript', 'typescript', 'tsx'],
  mentions: /@fastify\/cors/,
  sources: ['fastify'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const names = importedNames(file, [PACKAGE]);
    const evaluator = new JsEvaluator(project);
    const policies: CorsPolicy[] = [];
    for (const call of callsIn(file.tree.rootNode)) {
      const callee = unwrap(field(call, 'function')!);
      if (callee.type !== 'member_expression' || field(callee, 'property')?.text !== 'register') continue;
      const [plugin, opts] = callArgs(call);
      if (!plugin || !isPlugin(unwrap(plugin), names)) continue;
      const reader = new OptionsReader(evaluator, opts ? evaluator.evaluate(file, opts) : undefined, spanOf(file, call));
      const built = policy('fastify', 'Fastify register(@fastify/cors)', spanOf(file, call), fastifyCorsBranches(reader, file), [...reader.notes]);
      optionsTargets.set(built, optionsTarget(reader, call, file));
      policies.push(built);
    }
    return { policies };
  },
  fixer: jsCorsFixer,
};

function isPlugin(n: Node, names: Map<string, unknown>): boolean {
  if (n.type === 'identifier') return names.has(n.text);
  if (n.type === 'call_expression' && field(n, 'function')?.text === 'require') return stringLiteral(callArgs(n)[0] ?? n) === PACKAGE;
  if (n.type === 'member_expression') return isPlugin(unwrap(field(n, 'object')!), names);
  if (n.type === 'await_expression' || n.type === 'call_expression') {
    // `import('@fastify/cors')`
    return n.text.includes(`'${PACKAGE}'`) || n.text.includes(`"${PACKAGE}"`);
  }
  return false;
}

/**
 * `@fastify/cors` 11 (index.js): an onRequest hook, so the headers go out
 * whatever the route answers; `Vary: Origin` unless the origin option is a
 * string; a preflight without Origin or Access-Control-Request-Method gets 400
 * (`strictPreflight`, the default) after the origin headers are set; a
 * function's `false` turns CORS off (the OPTIONS catch-all then answers 404),
 * other falsy answers fail the request; RegExps have `lastIndex` reset.
 */
export function fastifyCorsBranches(reader: OptionsReader, file: CodeFile): ResponseBranch[] {
  const spec = originSpec(reader.get('origin'));
  // normalizeCorsOptions turns a list holding '*' into the string '*' before the Vary check.
  const starList = spec.kind === 'list' && spec.items.some((i) => i.kind === 'string' && i.value === '*');
  const variesOnOrigin = spec.kind !== 'string' && !(spec.kind === 'boolean' && !spec.value) && spec.kind !== 'absent' && !starList;
  const varyOrigin = variesOnOrigin ? ['Origin'] : [];
  const out: ResponseBranch[] = [];
  const at = reader.at;
  const strict = reader.bool('strictPreflight') !== false;
  const preflightOn = reader.bool('preflight') !== false;
  for (const c of originCases(reader, file)) {
    const when = originIs(c.when);
    const varyOnly = varyOrigin.length ? [literal('Vary', varyOrigin.join(', '), at)] : [];
    if (c.answer.kind === 'none') {
      out.push(branch(and(isOptions, when), { kind: 'fixed', code: 404, at: c.answer.at }, varyOnly, at));
      out.push(branch(when, { kind: 'app', at }, varyOnly, at));
      continue;
    }
    if (c.answer.kind === 'error') {
      out.push(branch(when, { kind: 'fixed', code: 500, at: c.answer.at }, varyOnly, at));
      continue;
    }
    const common: HeaderEmission[] = [];
    const acao = acaoOf(c.answer);
    if (acao) common.push(acao);
    const credentials = reader.get('credentials');
    if (credentials && credentials.kind !== 'nullish' && !(credentials.kind === 'boolean' && !credentials.value)) {
      common.push(literal('Access-Control-Allow-Credentials', 'true', reader.where('credentials')));
    }
    const exposed = reader.list('exposedHeaders', ', ');
    if (exposed !== undefined && exposed !== null) common.push(literal('Access-Control-Expose-Headers', exposed, reader.where('exposedHeaders')));
    if (preflightOn) {
      const missing: RequestCondition = { kind: 'or', conds: [{ kind: 'not', cond: { kind: 'header-present', name: 'origin' } }, { kind: 'not', cond: { kind: 'header-present', name: 'access-control-request-method' } }] };
      if (strict) out.push(branch(and(isOptions, when, missing), { kind: 'fixed', code: 400, at: reader.where('strictPreflight') }, [...common, ...varyOnly], at));
      const preflight = [...common];
      const vary = [...varyOrigin];
      const methods = reader.get('methods') ? reader.list('methods', ', ') : 'GET,HEAD,POST';
      if (methods === null) preflight.push(emit('Access-Control-Allow-Methods', unknownValue('methods', reader.where('methods')), reader.where('methods')));
      else if (methods !== undefined) preflight.push(literal('Access-Control-Allow-Methods', methods, reader.where('methods')));
      const allowed = reader.list('allowedHeaders', ', ');
      if (allowed === undefined) {
        vary.push('Access-Control-Request-Headers');
        preflight.push(emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', at), at));
      } else if (allowed !== null) {
        preflight.push(literal('Access-Control-Allow-Headers', allowed, reader.where('allowedHeaders')));
      }
      const maxAge = reader.get('maxAge');
      if (maxAge?.kind === 'number' || maxAge?.kind === 'string') preflight.push(literal('Access-Control-Max-Age', String(maxAge.value), reader.where('maxAge')));
      if (vary.length) preflight.push(literal('Vary', vary.join(', '), at));
      out.push(branch(and(isOptions, when), preflightStatus(reader), preflight, at));
    } else {
      out.push(branch(and(isOptions, when), { kind: 'fixed', code: 404, at: reader.where('preflight') }, [...common, ...varyOnly], at));
    }
    out.push(branch(and(notOptions, when), { kind: 'app', at }, [...common, ...varyOnly], at));
  }
  return out;
}

function preflightStatus(reader: OptionsReader): StatusModel {
  // With preflightContinue the hook lets the plugin's OPTIONS catch-all answer: an empty 200.
  if (reader.bool('preflightContinue') === true) return { kind: 'fixed', code: 200, at: reader.where('preflightContinue') };
  const custom = reader.get('optionsSuccessStatus');
  if (custom?.kind === 'number') return { kind: 'fixed', code: custom.value, at: reader.where('optionsSuccessStatus') };
  return { kind: 'fixed', code: 204, at: reader.at };
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
  const ctx = checkContext(reader.evaluator, file, true);
  const echoAll = (where: typeof at): OriginAnswer => ({ kind: 'echo-if', matchers: [{ when: { kind: 'any', at: where }, at: where }], at: where });
  if (!reader.known) return one({ kind: 'unknown', why: 'the options are computed at run time', at: reader.at });
  switch (spec.kind) {
    case 'absent': return one({ kind: 'star', at });
    case 'string': return one(spec.value === '' ? { kind: 'error', at: spec.at, why: 'an empty origin is invalid' } : { kind: 'fixed', value: spec.value, at: spec.at });
    case 'boolean': return one(spec.value ? echoAll(spec.at) : { kind: 'none', at: spec.at });
    case 'nullish': return one({ kind: 'error', at: spec.at, why: 'a nullish origin is invalid' });
    case 'list':
      if (spec.items.some((i) => i.kind === 'string' && i.value === '*')) return one({ kind: 'star', at: spec.at });
      return one({ kind: 'echo-if', matchers: listMatchers(ctx, spec.items, true), at: spec.at });
    case 'regex': return one({ kind: 'echo-if', matchers: listMatchers(ctx, [spec.value], true), at: spec.at });
    case 'function':
      return functionCases(reader.evaluator, spec.value, 'callback', (o): OriginAnswer => {
        switch (o.kind) {
          case 'allow': case 'echo': return echoAll(o.at);
          case 'value': return { kind: 'fixed', value: o.value, at: o.at };
          case 'deny': return o.nullish ? { kind: 'error', at: o.at, why: 'a nullish answer is invalid' } : { kind: 'none', at: o.at };
          case 'error': return { kind: 'error', at: o.at, why: 'the origin callback passes an error' };
          default: return { kind: 'unknown', why: 'the origin callback', at: o.at };
        }
      });
    default: return one({ kind: 'unknown', why: spec.why, at: spec.at });
  }
}
