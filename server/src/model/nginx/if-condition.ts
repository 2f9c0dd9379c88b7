import type { Span } from '../../core/range';
import type { Directive } from '../../parsers/nginx/ast';
import type { RequestCondition, SymbolicValue, ValuePart } from '../cors-policy';
import type { OriginMatcher } from '../origin-matcher';
import { matchOrigin } from '../../origin/match-origin';
import { caseText } from '../symbolic-value';
import { variableValue, type ValueScope } from './variables';

/** Methods tried against a regex on `$request_method`: a regex condition becomes a method list. */
export const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE'];

export interface IfTest {
  variable: string;
  op: 'truthy' | '=' | '!=' | '~' | '~*' | '!~' | '!~*' | 'file';
  operand: string;
  text: string;
}

/** The parts of `if (...)`, from the tokens nginx's lexer produced (parentheses still attached). */
export function readIfTest(d: Directive): IfTest | undefined {
  const tokens = d.args.map((a) => a.value);
  if (!tokens.length) return undefined;
  tokens[0] = tokens[0].replace(/^\(/, '');
  const last = tokens.length - 1;
  if (tokens[last] === ')') tokens.pop();
  else tokens[last] = tokens[last].replace(/\)$/, '');
  if (tokens[0] === '') tokens.shift();
  const text = tokens.join(' ');
  if (tokens.length === 2 && /^!?-[fdex]$/.test(tokens[0])) return { variable: '', op: 'file', operand: tokens[1], text };
  const variable = /^\$\{?([A-Za-z0-9_]+)\}?$/.exec(tokens[0] ?? '')?.[1];
  if (!variable) return undefined;
  if (tokens.length === 1) return { variable, op: 'truthy', operand: '', text };
  if (tokens.length !== 3) return undefined;
  const op = tokens[1];
  if (op !== '=' && op !== '!=' && op !== '~' && op !== '~*' && op !== '!~' && op !== '!~*') return undefined;
  return { variable, op, operand: tokens[2], text };
}

export interface IfOutcome {
  cond: RequestCondition;
  /** Set when the test is a regex on the Origin: its groups become `$1`... inside the block. */
  originRegex?: OriginMatcher;
  /** Whether the regex test was on something other than the Origin (its groups are unknown). */
  otherRegex: boolean;
}

/**
 * Turns an `if` test into a request condition, by case analysis when the tested
 * variable is a map or a `set` variable that depends on the Origin.
 */
export function ifCondition(d: Directive, scope: ValueScope): IfOutcome {
  const at: Span = d.span;
  const test = readIfTest(d);
  const opaque = (why: string): IfOutcome => ({ cond: { kind: 'opaque', text: why, at }, otherRegex: true });
  if (!test) return opaque(`if (${d.args.map((a) => a.value).join(' ')})`);
  if (test.op === 'file') return opaque(`file test ${test.text}`);
  const isRegex = test.op.includes('~');
  const negated = test.op.startsWith('!');
  const ci = test.op.endsWith('*');
  if (test.variable.toLowerCase() === 'request_method') {
    if (test.op === 'truthy') return { cond: { kind: 'true' }, otherRegex: false };
    const methods = isRegex
      ? KNOWN_METHODS.filter((m) => matchOrigin(regexMatcher(test.operand, ci, at), m) === true)
      : [test.operand];
    const cond: RequestCondition = { kind: 'method', methods };
    return { cond: negated ? { kind: 'not', cond } : cond, otherRegex: isRegex };
  }
  const value = variableValue(test.variable, at, scope);
  const check = (literal: string): boolean | undefined => {
    switch (test.op) {
      case 'truthy': return literal !== '' && literal !== '0';
      case '=': return literal === test.operand;
      case '!=': return literal !== test.operand;
      default: {
        const hit = matchOrigin(regexMatcher(test.operand, ci, at), literal);
        return hit === undefined ? undefined : hit !== negated;
      }
    }
  };
  const originCheck = (): OriginMatcher => {
    switch (test.op) {
      case 'truthy': return { kind: 'not', matcher: { kind: 'or', matchers: [{ kind: 'exact', value: '', caseInsensitive: false }, { kind: 'exact', value: '0', caseInsensitive: false }] }, at };
      case '=': return { kind: 'exact', value: test.operand, caseInsensitive: false, at };
      case '!=': return { kind: 'not', matcher: { kind: 'exact', value: test.operand, caseInsensitive: false }, at };
      default: {
        const m = regexMatcher(test.operand, ci, at);
        return negated ? { kind: 'not', matcher: m, at } : m;
      }
    }
  };
  const cond = caseAnalysis(value, check, originCheck, test, at);
  const originOnly = value.cases.length === 1 && isOriginOnly(value.cases[0].parts) && value.cases[0].when.kind === 'any';
  if (isRegex && !negated && originOnly) return { cond, originRegex: regexMatcher(test.operand, ci, at), otherRegex: false };
  return { cond, otherRegex: isRegex };
}

function regexMatcher(pattern: string, ci: boolean, at: Span): OriginMatcher {
  return { kind: 'regex', pattern, flavor: 'pcre', mode: 'search', caseInsensitive: ci, at };
}

function isOriginOnly(parts: ValuePart[]): boolean {
  return parts.length === 1 && parts[0].kind === 'origin';
}

/** What the test gives for one case of the value: decided now, an Origin check, or another condition. */
type CaseOutcome = { kind: 'decided'; holds: boolean } | { kind: 'origin'; matcher: OriginMatcher } | { kind: 'cond'; cond: RequestCondition };

/**
 * The value takes case i when its matcher admits the Origin and no earlier one
 * does; the test holds when the taken case passes it. Cases whose text is
 * fixed are decided now; a case that is the Origin itself becomes an Origin
 * check; anything else is opaque. Built from the last case backwards as
 * "takes it and passes, or skips it and a later one passes", with runs of
 * equally decided cases folded together, so a long allowlist stays linear.
 */
function caseAnalysis(value: SymbolicValue, check: (literal: string) => boolean | undefined, originCheck: () => OriginMatcher, test: IfTest, at: Span): RequestCondition {
  const outcomes: Array<{ when: OriginMatcher; outcome: CaseOutcome }> = [];
  for (const c of value.cases) {
    const literal = caseText(c);
    let outcome: CaseOutcome;
    if (literal !== undefined) {
      const r = check(literal);
      outcome = r === undefined ? { kind: 'cond', cond: { kind: 'opaque', text: test.text, at } } : { kind: 'decided', holds: r };
    } else if (isOriginOnly(c.parts)) {
      outcome = { kind: 'origin', matcher: originCheck() };
    } else if (c.parts.length === 1 && c.parts[0].kind === 'request-header' && test.op === 'truthy') {
      outcome = { kind: 'cond', cond: { kind: 'header-present', name: c.parts[0].name } };
    } else {
      outcome = { kind: 'cond', cond: { kind: 'opaque', text: test.text, at } };
    }
    outcomes.push({ when: c.when, outcome });
    if (c.when.kind === 'any') break;
  }
  // Past the last case nothing applies: the value is empty, which no test here passes but `!=` and `!~`.
  let rest: RequestCondition = check('') ? { kind: 'true' } : FALSE;
  for (let i = outcomes.length - 1; i >= 0; ) {
    const outcome = outcomes[i].outcome;
    if (outcome.kind === 'decided') {
      let j = i;
      while (j > 0 && outcomes[j - 1].outcome.kind === 'decided' && (outcomes[j - 1].outcome as { holds: boolean }).holds === outcome.holds) j--;
      const group = outcomes.slice(j, i + 1).map((o) => o.when);
      const admits: OriginMatcher = group.some((m) => m.kind === 'any') ? { kind: 'any' } : group.length === 1 ? group[0] : { kind: 'or', matchers: group };
      rest = outcome.holds ? orCond(originCond(admits), rest) : andCond(originCond({ kind: 'not', matcher: admits }), rest);
      i = j - 1;
      continue;
    }
    const taken = outcome.kind === 'origin' ? originCond(outcome.matcher) : outcome.cond;
    const when = outcomes[i].when;
    rest = orCond(andCond(originCond(when), taken), andCond(originCond({ kind: 'not', matcher: when }), rest));
    i--;
  }
  return rest;
}

const FALSE: RequestCondition = { kind: 'not', cond: { kind: 'true' } };

function originCond(m: OriginMatcher): RequestCondition {
  if (m.kind === 'any') return { kind: 'true' };
  if (m.kind === 'not' && m.matcher.kind === 'any') return FALSE;
  return { kind: 'origin', matcher: m };
}

function isFalseCond(c: RequestCondition): boolean {
  return c.kind === 'not' && c.cond.kind === 'true';
}

function orCond(a: RequestCondition, b: RequestCondition): RequestCondition {
  if (a.kind === 'true' || b.kind === 'true') return { kind: 'true' };
  if (isFalseCond(a)) return b;
  if (isFalseCond(b)) return a;
  if (a.kind === 'origin' && b.kind === 'origin') return { kind: 'origin', matcher: { kind: 'or', matchers: [a.matcher, b.matcher] } };
  return { kind: 'or', conds: [a, b] };
}

function andCond(a: RequestCondition, b: RequestCondition): RequestCondition {
  if (isFalseCond(a) || isFalseCond(b)) return FALSE;
  if (a.kind === 'true') return b;
  if (b.kind === 'true') return a;
  if (a.kind === 'origin' && b.kind === 'origin') return { kind: 'origin', matcher: { kind: 'and', matchers: [a.matcher, b.matcher] } };
  return { kind: 'and', conds: [a, b] };
}
