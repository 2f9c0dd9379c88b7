import type { Span } from '../../core/range';
import type { ApacheDirective } from '../../parsers/apache/ast';
import type { ValuePart } from '../cors-policy';
import type { OriginMatcher } from '../origin-matcher';
import { assignGuarded, envSetMatcher, regexMatcher, type Scenario, spanOf } from './scenario';
import { and, ANY, type Env, NONE, not, or } from './symbolic';

/** How a rule set ended the request: a status sent on Apache's error path (R=, F, G), or a rewrite the model cannot follow. */
export type RewriteOutcome =
  | { kind: 'status'; code: number; at: Span; viaRedirectFlag?: boolean }
  | { kind: 'unknown'; why: string; at: Span };

const NO_ORIGIN: OriginMatcher = { kind: 'exact', value: '', caseInsensitive: false };

interface CondResult {
  when: OriginMatcher;
  /** A request header the condition read, added to `Vary` when the rule applies (mod_rewrite does, unless [NV]). */
  reads?: string;
  /** The Origin regex whose groups `%1`..`%9` refer to, when the condition is one. */
  groups?: OriginMatcher;
}

function flagsOf(d: ApacheDirective, index: number): string[] {
  const raw = d.args[index]?.value ?? '';
  return raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1).split(',').map((f) => f.trim()) : [];
}

function testString(raw: string): { kind: 'method' | 'origin' | 'header' | 'env' | 'uri' | 'other'; name: string } {
  const m = /^%\{([^}]*)\}$/.exec(raw);
  if (!m) return { kind: 'other', name: raw };
  const v = m[1];
  const colon = v.indexOf(':');
  if (colon >= 0) {
    const kind = v.slice(0, colon).toUpperCase();
    const name = v.slice(colon + 1);
    if (kind === 'HTTP') return name.toLowerCase() === 'origin' ? { kind: 'origin', name } : { kind: 'header', name: name.toLowerCase() };
    if (kind === 'ENV') return { kind: 'env', name };
    return { kind: 'other', name: raw };
  }
  if (v === 'REQUEST_METHOD') return { kind: 'method', name: v };
  if (v === 'REQUEST_URI') return { kind: 'uri', name: v };
  return { kind: 'other', name: raw };
}

function evalCond(d: ApacheDirective, sc: Scenario, env: Env, url: string | undefined): CondResult {
  const at = spanOf(d);
  const flags = flagsOf(d, 2).map((f) => f.toUpperCase());
  const ci = flags.includes('NC') || flags.includes('NOCASE');
  const nv = flags.includes('NV') || flags.includes('NOVARY');
  let pattern = d.args[1]?.value ?? '';
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1);
  const subject = testString(d.args[0]?.value ?? '');
  const fin = (r: CondResult): CondResult => (negated ? { when: not(r.when) } : r);
  const concrete = (value: string | undefined): CondResult => {
    if (value === undefined) {
      sc.note(`cannot evaluate RewriteCond ${d.args[0]?.value} (${at.file}:${at.range.start.line + 1}); assumed false`);
      return { when: negated ? ANY : NONE };
    }
    if (pattern.startsWith('=')) return fin({ when: (ci ? value.toLowerCase() === pattern.slice(1).toLowerCase() : value === pattern.slice(1)) ? ANY : NONE });
    let hit = false;
    try {
      hit = new RegExp(pattern, ci ? 'i' : '').test(value);
    } catch {
      sc.note(`RewriteCond pattern "${pattern}" is not understood`);
    }
    return fin({ when: hit ? ANY : NONE });
  };
  switch (subject.kind) {
    case 'method': return concrete(sc.method);
    case 'uri': return concrete(url);
    case 'origin': {
      const patAt = { file: d.file, range: d.args[1].range };
      if (pattern.startsWith('=')) return { ...fin({ when: { kind: 'exact', value: pattern.slice(1), caseInsensitive: ci, at: patAt } }), reads: nv ? undefined : 'Origin' };
      const m = regexMatcher(pattern, ci, patAt);
      return negated ? { when: not(m), reads: nv ? undefined : 'Origin' } : { when: m, groups: m, reads: nv ? undefined : 'Origin' };
    }
    case 'header': {
      const present = sc.fact(`header:${subject.name}`, { kind: 'header-present', name: subject.name });
      // Only presence tests are decidable without the header's value.
      // mod_rewrite adds a header to Vary only when the request has it.
      const reads = nv || !present ? undefined : d.args[0].value.slice(7, -1);
      if (/^(\.\+?|\^\.\+\$|\^\.)$/.test(pattern)) return { ...fin({ when: present ? ANY : NONE }), reads };
      if (pattern === '^$') return { ...fin({ when: present ? NONE : ANY }), reads };
      return concrete(undefined);
    }
    case 'env': {
      if (/^(\.\+?|\^\.\+\$|\^\.)$/.test(pattern)) return fin({ when: envSetMatcher(env, subject.name) });
      return concrete(undefined);
    }
    default: return concrete(undefined);
  }
}

function ruleMatches(pattern: string, url: string | undefined): boolean | undefined {
  const negated = pattern.startsWith('!');
  const p = negated ? pattern.slice(1) : pattern;
  let re: RegExp;
  try {
    re = new RegExp(p);
  } catch {
    return undefined;
  }
  if (re.test('') && re.test('x/y')) return !negated;
  if (url === undefined) return undefined;
  const hit = re.test(url) || re.test(url.replace(/^\//, ''));
  return negated ? !hit : hit;
}

/** `E=VAR:value` of a rule; `%N` are groups of the last Origin regex condition, `%{HTTP:Origin}` the Origin. */
function envValueParts(value: string, groups: OriginMatcher | undefined, when: OriginMatcher): ValuePart[] {
  const parts: ValuePart[] = [];
  const re = /%\{HTTP:origin\}|%([0-9])|%\{[^}]*\}/gi;
  let last = 0;
  for (const m of value.matchAll(re)) {
    if (m.index! > last) parts.push({ kind: 'text', text: value.slice(last, m.index) });
    if (m[1] !== undefined) parts.push(groups && groups === when ? { kind: 'capture', group: Number(m[1]) } : { kind: 'unknown', name: m[0] });
    else if (m[0].toLowerCase() === '%{http:origin}') parts.push({ kind: 'origin' });
    else parts.push({ kind: 'unknown', name: m[0] });
    last = m.index! + m[0].length;
  }
  if (last < value.length) parts.push({ kind: 'text', text: value.slice(last) });
  return parts;
}

/**
 * Runs one context's mod_rewrite rules for a scenario: E= flags set variables
 * (for the origins their conditions admit), R=/F/G end the request. A terminal
 * rule whose conditions test the Origin becomes a request fact, so each side is
 * a branch of its own.
 */
export function runRewrite(directives: ApacheDirective[], sc: Scenario, env: Env, url: string | undefined): RewriteOutcome | undefined {
  let engine = false;
  let conds: ApacheDirective[] = [];
  for (const d of directives) {
    if (d.key === 'rewriteengine') engine = (d.args[0]?.value ?? '').toLowerCase() === 'on';
    if (d.key === 'rewritecond') conds.push(d);
    if (d.key !== 'rewriterule') continue;
    const ruleConds = conds;
    conds = [];
    if (!engine) continue;
    const at = spanOf(d);
    const matches = ruleMatches(d.args[0]?.value ?? '', url);
    if (matches === undefined) {
      sc.note(`cannot tell whether RewriteRule ${d.args[0]?.value} matches (${at.file}:${at.range.start.line + 1}); assumed not`);
      continue;
    }
    if (!matches) continue;
    let when: OriginMatcher = ANY;
    let pendingOr: OriginMatcher | undefined;
    let groups: OriginMatcher | undefined;
    const vary: Array<{ name: string; when: OriginMatcher; at: Span }> = [];
    for (const c of ruleConds) {
      const r = evalCond(c, sc, env, url);
      if (r.groups) groups = r.groups;
      if (r.reads) vary.push({ name: r.reads, when: r.reads === 'Origin' ? and(r.when, not(NO_ORIGIN)) : r.when, at: spanOf(c) });
      const isOr = flagsOf(c, 2).some((f) => f.toUpperCase() === 'OR' || f.toUpperCase() === 'ORNEXT');
      const term = pendingOr ? or(pendingOr, r.when) : r.when;
      if (isOr) pendingOr = term;
      else {
        when = and(when, term);
        pendingOr = undefined;
      }
    }
    if (pendingOr) when = and(when, pendingOr);
    if (when.kind === 'none') continue;
    const flags = flagsOf(d, 2);
    for (const f of flags) {
      const e = /^(?:E|env)=(!?)([^:]+)(?::(.*))?$/i.exec(f);
      if (!e) continue;
      const parts = e[1] ? null : envValueParts(e[3] ?? '', groups, when);
      assignGuarded(env, e[2], when, parts, at);
    }
    const terminal = terminalStatus(d, flags);
    if (!terminal) {
      for (const v of vary) sc.varySuccess.push({ ...v, when: and(v.when, when) });
      if (flags.some((f) => /^(L|END|last)$/i.test(f)) && when.kind === 'any') return undefined;
      continue;
    }
    if (when.kind !== 'any' && !sc.fact(`rewrite:${at.file}:${at.range.start.offset}`, { kind: 'origin', matcher: when })) continue;
    // A redirect-style answer (R=) keeps the Vary; F and G answer without it, as real Apache does.
    if (terminal.kind === 'status' && terminal.viaRedirectFlag) for (const v of vary) sc.varyTerminal.push(v);
    return terminal;
  }
  return undefined;
}

function terminalStatus(d: ApacheDirective, flags: string[]): RewriteOutcome | undefined {
  const at = spanOf(d);
  for (const f of flags) {
    const r = /^(?:R|redirect)(?:=(\d{3}|permanent|temp|seeother))?$/i.exec(f);
    if (r) {
      const word: Record<string, number> = { permanent: 301, temp: 302, seeother: 303 };
      return { kind: 'status', code: r[1] === undefined ? 302 : word[r[1].toLowerCase()] ?? Number(r[1]), at, viaRedirectFlag: true };
    }
    if (/^(F|forbidden)$/i.test(f)) return { kind: 'status', code: 403, at };
    if (/^(G|gone)$/i.test(f)) return { kind: 'status', code: 410, at };
  }
  const target = d.args[1]?.value ?? '-';
  if (target !== '-') return { kind: 'unknown', why: `RewriteRule rewrites the request to ${target}`, at };
  return undefined;
}
