import type { HeaderEmission, PolicyNote, ResponseBranch, StatusModel } from '../../cors-policy';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import { checkContext, functionCases, listMatchers, originSpec, type OptionsReader, type OriginAnswer, type OriginCase } from './cors-options';
import { and, branch, echoFor, emit, isOptions, literal, notOptions, originIs, requestHeaderValue } from './policy-parts';

/**
 * The npm `cors` package (2.8.x, lib/index.js): any OPTIONS is a preflight
 * answered with `optionsSuccessStatus` (204); a string origin is sent as is
 * (plus `Vary: Origin`), `'*'` or no origin sends `*`, `true` echoes any
 * origin, arrays and RegExps echo the origins they admit (`RegExp.test`, whose
 * `lastIndex` a `/g` regex keeps), a function's answer goes through the same
 * steps; a falsy answer leaves the request without CORS headers.
 */
export function npmCorsBranches(reader: OptionsReader, file: CodeFile): { preflight: ResponseBranch[]; actual: ResponseBranch[]; notes: PolicyNote[] } {
  const cases = originCases(reader, file);
  const notes: PolicyNote[] = [...reader.notes];
  const preflight: ResponseBranch[] = [];
  const actual: ResponseBranch[] = [];
  for (const c of cases) {
    if (c.answer.kind === 'echo-if' && c.answer.matchers.some((m) => m.when.kind === 'any') && c.when.kind === 'any') {
      notes.push({ kind: 'echoes-for-any-origin', message: 'The cors package echoes every request Origin here.', at: c.answer.at });
    }
    preflight.push(branch(and(isOptions, originIs(c.when)), preflightStatus(reader, c.answer), headers(reader, c.answer, true), reader.at));
    actual.push(branch(and(notOptions, originIs(c.when)), actualStatus(c.answer), headers(reader, c.answer, false), reader.at));
  }
  return { preflight, actual, notes };
}

export function originCases(reader: OptionsReader, file: CodeFile): OriginCase[] {
  const spec = originSpec(reader.get('origin'));
  const at = reader.where('origin');
  const ctx = checkContext(reader.evaluator, file, true);
  const one = (answer: OriginAnswer): OriginCase[] => [{ when: { kind: 'any' }, answer }];
  if (!reader.known) return one({ kind: 'unknown', why: 'the options are computed at run time', at: reader.at });
  switch (spec.kind) {
    case 'absent': return one({ kind: 'star', at });
    case 'string': return one(spec.value === '*' ? { kind: 'star', at: spec.at } : spec.value === '' ? { kind: 'none', at: spec.at } : { kind: 'fixed', value: spec.value, at: spec.at });
    case 'boolean': return one(spec.value ? { kind: 'echo-if', matchers: [{ when: { kind: 'any', at: spec.at }, at: spec.at }], at: spec.at } : { kind: 'none', at: spec.at });
    case 'nullish': return one({ kind: 'none', at: spec.at });
    case 'list': return one({ kind: 'echo-if', matchers: listMatchers(ctx, spec.items, false), at: spec.at });
    case 'regex': return one({ kind: 'echo-if', matchers: listMatchers(ctx, [spec.value], false), at: spec.at });
    case 'unknown': return one({ kind: 'unknown', why: spec.why, at: spec.at });
    case 'function':
      return functionCases(reader.evaluator, spec.value, 'callback', (o): OriginAnswer => {
        switch (o.kind) {
          case 'allow': case 'echo': return { kind: 'echo-if', matchers: [{ when: { kind: 'any', at: o.at }, at: o.at }], at: o.at };
          case 'value': return o.value === '*' ? { kind: 'star', at: o.at } : { kind: 'fixed', value: o.value, at: o.at };
          case 'deny': return { kind: 'none', at: o.at };
          case 'error': return { kind: 'error', at: o.at, why: 'the origin callback passes an error' };
          case 'hangs': return { kind: 'hangs', at: o.at };
          case 'unknown': return { kind: 'unknown', why: o.why, at: o.at };
        }
      });
  }
}

function preflightStatus(reader: OptionsReader, answer: OriginAnswer): StatusModel {
  const common = actualStatus(answer);
  if (common.kind !== 'app') return common;
  if (answer.kind === 'none') return { kind: 'app', at: answer.at };
  if (reader.bool('preflightContinue') === true) return { kind: 'app', at: reader.where('preflightContinue') };
  const custom = reader.get('optionsSuccessStatus');
  if (custom?.kind === 'number') return { kind: 'fixed', code: custom.value, at: reader.where('optionsSuccessStatus') };
  if (custom && custom.kind !== 'nullish') return { kind: 'unknown', why: 'optionsSuccessStatus is computed at run time', at: reader.where('optionsSuccessStatus') };
  return { kind: 'fixed', code: 204, at: reader.at };
}

function actualStatus(answer: OriginAnswer): StatusModel {
  if (answer.kind === 'error') return { kind: 'fixed', code: 500, at: answer.at };
  if (answer.kind === 'hangs') return { kind: 'unknown', why: 'the origin callback never calls back for these origins, so the request hangs', at: answer.at };
  return { kind: 'app', at: answer.at };
}

function headers(reader: OptionsReader, answer: OriginAnswer, preflight: boolean): HeaderEmission[] {
  if (answer.kind === 'none' || answer.kind === 'error' || answer.kind === 'hangs') return [];
  const out: HeaderEmission[] = [];
  const vary: string[] = [];
  switch (answer.kind) {
    case 'star': out.push(literal('Access-Control-Allow-Origin', '*', answer.at)); break;
    case 'fixed': out.push(literal('Access-Control-Allow-Origin', answer.value, answer.at)); vary.push('Origin'); break;
    case 'echo-if': out.push(emit('Access-Control-Allow-Origin', echoFor(answer.matchers), answer.at)); vary.push('Origin'); break;
    case 'no-acao': vary.push('Origin'); break;
    case 'unknown': out.push(emit('Access-Control-Allow-Origin', unknownValue('origin', answer.at), answer.at)); vary.push('Origin'); break;
  }
  if (reader.get('credentials')?.kind === 'boolean' && reader.bool('credentials') === true) out.push(literal('Access-Control-Allow-Credentials', 'true', reader.where('credentials')));
  if (preflight) {
    const methods = reader.list('methods', ',');
    if (methods === undefined && !reader.get('methods')) out.push(literal('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE', reader.at));
    else if (methods) out.push(literal('Access-Control-Allow-Methods', methods, reader.where('methods')));
    else if (methods === null) out.push(emit('Access-Control-Allow-Methods', unknownValue('methods', reader.where('methods')), reader.where('methods')));
    const key = reader.get('allowedHeaders') ? 'allowedHeaders' : 'headers';
    const raw = reader.get(key);
    // `allowedHeaders || headers`: an empty string is falsy and reflects like no option; an empty array joins to nothing.
    const allowed = raw?.kind === 'string' && raw.value === '' ? undefined : reader.list(key, ',');
    if (allowed === undefined || allowed === '') {
      if (allowed === undefined) {
        out.push(emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', reader.at), reader.at));
        vary.push('Access-Control-Request-Headers');
      }
    } else if (allowed === null) {
      out.push(emit('Access-Control-Allow-Headers', unknownValue(key, reader.where(key)), reader.where(key)));
    } else {
      out.push(literal('Access-Control-Allow-Headers', allowed, reader.where(key)));
    }
    const maxAge = reader.get('maxAge');
    if (maxAge?.kind === 'number' || (maxAge?.kind === 'string' && maxAge.value !== '')) {
      out.push(literal('Access-Control-Max-Age', String(maxAge.value), reader.where('maxAge')));
    }
  }
  const exposed = reader.list('exposedHeaders', ',');
  if (exposed) out.push(literal('Access-Control-Expose-Headers', exposed, reader.where('exposedHeaders')));
  if (vary.length > 0) out.push(literal('Vary', vary.join(', '), answer.at));
  return out;
}
