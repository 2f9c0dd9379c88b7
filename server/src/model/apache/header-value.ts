import type { Span } from '../../core/range';
import type { ValuePart } from '../cors-policy';
import { ANY, type Case, concatParts, cross, type Env, envValue, text } from './symbolic';

/**
 * The value of a `Header` directive as a function of the Origin. mod_headers
 * formats know `%{VAR}e` (an unset variable renders as the text `(null)`, as
 * real Apache sends it), `%%`, and server facts (`%t`, `%D`, `%l`, `%i`, `%b`,
 * `%{VAR}s`) that no analysis can predict. `%{Origin}i` is not a request
 * header there: `%i` is the idle percentage and ignores its `{...}`, so Apache
 * sends `i=NN`, never the Origin. An `expr=` value is an ap_expr string, where
 * `%{req:Origin}` and `%{HTTP:Origin}` do read the request header. `reads`
 * collects the variables looked up: the only part of `env` the value depends on.
 */
export function headerValueCases(raw: string, env: Env, at: Span, reads?: string[]): Case[] {
  if (raw.startsWith('expr=')) return exprStringCases(raw.slice(5), env, at, reads);
  // Most values are plain text: one case, the same every time the directive is evaluated.
  if (!raw.includes('%')) return [{ when: ANY, parts: text(raw), at }];
  let cases: Case[] = [{ when: ANY, parts: [], at }];
  let literal = '';
  const flush = (): void => {
    if (literal) cases = appendParts(cases, text(literal));
    literal = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '%' || i + 1 >= raw.length) {
      literal += c;
      continue;
    }
    if (raw[i + 1] === '%') {
      literal += '%';
      i++;
      continue;
    }
    let arg: string | undefined;
    let j = i + 1;
    if (raw[j] === '{') {
      const close = raw.indexOf('}', j);
      if (close < 0) {
        literal += raw.slice(i);
        break;
      }
      arg = raw.slice(j + 1, close);
      j = close + 1;
    }
    const tag = raw[j];
    flush();
    if (tag === 'e' && arg !== undefined) {
      reads?.push(arg);
      cases = cross(cases, envValue(env, arg), (a, b) => concatParts(a.parts ?? [], b.parts ?? text('(null)')));
    } else {
      const what = tag === 'i' ? `idle percentage (%i; mod_headers has no request-header tag, so "%{${arg ?? ''}}i" is not the header)` : `%${arg !== undefined ? `{${arg}}` : ''}${tag ?? ''}`;
      cases = appendParts(cases, [{ kind: 'unknown', name: what }]);
    }
    i = j;
  }
  flush();
  return cases;
}

function appendParts(cases: Case[], parts: ValuePart[]): Case[] {
  return cases.map((c) => ({ ...c, parts: concatParts(c.parts ?? [], parts) }));
}

/** An ap_expr string: literal text with `%{...}` variables and `%{func:arg}` lookups. */
function exprStringCases(raw: string, env: Env, at: Span, reads?: string[]): Case[] {
  let cases: Case[] = [{ when: ANY, parts: [], at }];
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf('%{', i);
    if (start < 0) {
      cases = appendParts(cases, text(raw.slice(i)));
      break;
    }
    cases = appendParts(cases, text(raw.slice(i, start)));
    const close = raw.indexOf('}', start);
    if (close < 0) {
      cases = appendParts(cases, text(raw.slice(start)));
      break;
    }
    const inner = raw.slice(start + 2, close);
    const colon = inner.indexOf(':');
    const kind = colon < 0 ? '' : inner.slice(0, colon).toLowerCase();
    const name = colon < 0 ? inner : inner.slice(colon + 1);
    if ((kind === 'req' || kind === 'http' || kind === 'req_novary') && name.toLowerCase() === 'origin') {
      cases = appendParts(cases, [{ kind: 'origin' }]);
    } else if (kind === 'req' || kind === 'http' || kind === 'req_novary') {
      cases = appendParts(cases, [{ kind: 'request-header', name: name.toLowerCase() }]);
    } else if (kind === 'env' || kind === 'reqenv') {
      // ap_expr renders an unset variable as the empty string, unlike `%{VAR}e`.
      reads?.push(name);
      cases = cross(cases, envValue(env, name), (a, b) => concatParts(a.parts ?? [], b.parts ?? []));
    } else {
      cases = appendParts(cases, [{ kind: 'unknown', name: `%{${inner}}` }]);
    }
    i = close + 1;
  }
  return cases;
}
