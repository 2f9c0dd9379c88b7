import type { CodeAction, CodeLens, Diagnostic, Range } from 'vscode-languageserver';
import type { Finding } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import { ClientCommands, DIAGNOSTIC_SOURCE, type PreflightPrefill } from './protocol';

/** A response path of a config that can be requested, and how the tester asks for it. */
export interface PreflightTarget {
  file: string;
  /** The block that defines the path (a location, a section, a server). */
  range: Range;
  /**
   * Where its headers are written in this file: an Apache section's span is only its
   * opening tag, so a finding on a header inside it is found through these.
   */
  parts: Range[];
  prefill: PreflightPrefill;
}

export const SEND_TITLE = 'Send test preflight for this location';

const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
const SAFELISTED_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The literal value a header has for every origin, when the config writes one. */
function literal(emission: HeaderEmission): string | undefined {
  const c = emission.value.cases[0];
  if (!c || c.when.kind !== 'any' && c.when.kind !== 'exact') return undefined;
  return c.parts.every((p) => p.kind === 'text') ? c.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') : undefined;
}

/** The emissions of the headers the tester reads, each list in branch order, gathered in one pass over the policy. */
interface TesterHeaders {
  origins: HeaderEmission[];
  methods: HeaderEmission[];
  headers: HeaderEmission[];
  credentials: HeaderEmission[];
}

function testerHeaders(policy: CorsPolicy): TesterHeaders {
  const found: TesterHeaders = { origins: [], methods: [], headers: [], credentials: [] };
  for (const b of policy.branches) {
    for (const h of b.headers) {
      switch (h.key) {
        case 'access-control-allow-origin': found.origins.push(h); break;
        case 'access-control-allow-methods': found.methods.push(h); break;
        case 'access-control-allow-headers': found.headers.push(h); break;
        case 'access-control-allow-credentials': found.credentials.push(h); break;
      }
    }
  }
  return found;
}

/** The tokens of an emission's literal list; the paths of a server share the server's emissions, so each is read once. */
const tokensOf = new WeakMap<HeaderEmission, string[]>();

function listOf(list: readonly HeaderEmission[]): string[] {
  const out: string[] = [];
  for (const h of list) {
    let tokens = tokensOf.get(h);
    if (!tokens) {
      tokens = [];
      for (const piece of (literal(h) ?? '').split(',')) {
        const s = piece.trim();
        if (TOKEN.test(s) && s !== '*') tokens.push(s);
      }
      tokensOf.set(h, tokens);
    }
    for (const t of tokens) out.push(t);
  }
  return out;
}

const ORIGIN_TEXT = /^https?:\/\/[^/\s*,]+$/;

/** An origin the config lets in by name: a literal Allow-Origin, or the first exact entry of an allowlist. */
function trustedOrigin(origins: readonly HeaderEmission[]): string | undefined {
  for (const h of origins) {
    for (const c of h.value.cases) {
      const text = c.parts.every((p) => p.kind === 'text') ? c.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') : undefined;
      if (text && ORIGIN_TEXT.test(text)) return text;
      if (c.when.kind === 'exact' && ORIGIN_TEXT.test(c.when.value)) return c.when.value;
    }
  }
  return undefined;
}

/**
 * A path a browser can request for this location: regex locations (`~ ^/api/v[0-9]+/`)
 * keep their literal beginning, since the rest cannot be guessed.
 */
export function requestPath(written: string): string {
  if (written.startsWith('/') && !/[\\^$*+?()[\]{}|]/.test(written)) return written;
  let path = '';
  let i = written.startsWith('^') ? 1 : 0;
  for (; i < written.length; i++) {
    const ch = written[i];
    if (ch === '\\' && i + 1 < written.length && /[./-]/.test(written[i + 1])) {
      path += written[++i];
      continue;
    }
    if (/[\\^$*+?()[\]{}|.]/.test(ch)) break;
    path += ch;
  }
  return path.startsWith('/') ? path : `/${path}`;
}

export function targetUrl(endpoint: NonNullable<CorsPolicy['endpoint']>): string {
  const scheme = endpoint.tls ? 'https' : 'http';
  const host = endpoint.hosts[0] ?? 'localhost';
  const port = endpoint.ports.find((p) => p === (endpoint.tls ? 443 : 80)) ?? endpoint.ports[0];
  const shownPort = port === undefined || port === (endpoint.tls ? 443 : 80) ? '' : `:${port}`;
  return `${scheme}://${host}${shownPort}${requestPath(endpoint.path)}`;
}

/**
 * What the tester asks: a method and a header the config allows that make a
 * browser send a preflight, from an origin the config names (else the first
 * of `corsPreflight.trustedOrigins`).
 */
export function prefillFor(policy: CorsPolicy, trustedOrigins: readonly string[] = []): PreflightPrefill | undefined {
  const url = policy.endpoint && normalisedUrl(targetUrl(policy.endpoint));
  return url === undefined ? undefined : prefillAt(policy, url, trustedOrigins);
}

/** The URL as the tester sends it, or undefined when it is no URL. */
function normalisedUrl(written: string): string | undefined {
  try {
    return new URL(written).href;
  } catch {
    return undefined;
  }
}

function prefillAt(policy: CorsPolicy, url: string, trustedOrigins: readonly string[]): PreflightPrefill {
  const found = testerHeaders(policy);
  const methods = listOf(found.methods).map((m) => m.toUpperCase());
  const method = methods.find((m) => !SAFELISTED_METHODS.has(m) && m !== 'OPTIONS') ?? (methods.length ? 'GET' : 'PUT');
  const header = listOf(found.headers).find((n) => !SAFELISTED_HEADERS.has(n.toLowerCase()));
  const prefill: PreflightPrefill = { url, method };
  if (header) prefill.headers = [`${header}: test`];
  else if (method === 'GET') prefill.headers = ['Content-Type: application/json'];
  const origin = trustedOrigin(found.origins) ?? trustedOrigins[0];
  if (origin) prefill.origin = origin;
  if (found.credentials.some((h) => literal(h) === 'true')) prefill.credentials = true;
  return prefill;
}

const MAX_PARTS = 64;

/** LSP ranges by engine range: an inherited header's place is one object in every path, and so is its LSP range. */
const lspRanges = new WeakMap<CorsPolicy['at']['range'], Range>();

function lspRange(r: CorsPolicy['at']['range']): Range {
  let range = lspRanges.get(r);
  if (!range) {
    range = { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
    lspRanges.set(r, range);
  }
  return range;
}

/** The paths of one server share its address: each written URL is parsed once. */
const parsedUrls = new Map<string, string | undefined>();

/** The tester's request for one path, if it has an address; `places` receives the spans the target was made from. */
export function preflightTarget(policy: CorsPolicy, trustedOrigins: readonly string[] = [], places?: Span[]): PreflightTarget | undefined {
  if (!policy.endpoint) return undefined;
  const written = targetUrl(policy.endpoint);
  let url = parsedUrls.get(written);
  if (url === undefined && !parsedUrls.has(written)) {
    if (parsedUrls.size > 1000) parsedUrls.clear();
    parsedUrls.set(written, (url = normalisedUrl(written)));
  }
  if (url === undefined) return undefined;
  const prefill = prefillAt(policy, url, trustedOrigins);
  // Every branch repeats the headers it shares with the others: keep each place once.
  const spans = new Map<number, Span>();
  for (const b of policy.branches) for (const h of b.headers) if (h.at.file === policy.at.file) spans.set(h.at.range.start.offset, h.at);
  const parts: Range[] = [];
  for (const at of spans.values()) {
    if (parts.length === MAX_PARTS) break;
    parts.push(lspRange(at.range));
    places?.push(at);
  }
  places?.push(policy.at);
  return { file: policy.at.file, range: lspRange(policy.at.range), parts, prefill };
}

/** Whether position (al, ac) is at or before (bl, bc); numbers, not objects: a lens request compares every finding with every path. */
function atOrBefore(al: number, ac: number, bl: number, bc: number): boolean {
  return al < bl || (al === bl && ac <= bc);
}

function contains(outer: Range, inner: Range): boolean {
  return (
    atOrBefore(outer.start.line, outer.start.character, inner.start.line, inner.start.character) &&
    atOrBefore(inner.end.line, inner.end.character, outer.end.line, outer.end.character)
  );
}

function containsPoint(r: Range, p: Range['start']): boolean {
  return atOrBefore(r.start.line, r.start.character, p.line, p.character) && atOrBefore(p.line, p.character, r.end.line, r.end.character);
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 100_000 + r.end.character - r.start.character;
}

function overlaps(a: Range, b: Range): boolean {
  return containsPoint(a, b.start) || containsPoint(b, a.start);
}

/**
 * The innermost path around a range (a finding in a location belongs to the
 * location, not its server), else the first path whose headers it is on.
 */
export function targetAround(targets: readonly PreflightTarget[], range: Range): PreflightTarget | undefined {
  let best: PreflightTarget | undefined;
  let bestSize = 0;
  for (const t of targets) {
    if (!contains(t.range, range)) continue;
    const s = size(t.range);
    if (!best || s < bestSize) {
      best = t;
      bestSize = s;
    }
  }
  if (best) return best;
  for (const t of targets) for (const p of t.parts) if (overlaps(p, range)) return t;
  return undefined;
}

function command(target: PreflightTarget) {
  return { title: SEND_TITLE, command: ClientCommands.sendTestPreflight, arguments: [target.prefill] };
}

/** One lens above each requestable path that has a finding: test what browsers make of it. */
export function preflightLenses(targets: readonly PreflightTarget[], findings: readonly Finding[]): CodeLens[] {
  const withFindings = new Set<PreflightTarget>();
  for (const f of findings) {
    const t = targetAround(targets, f.span.range);
    if (t) withFindings.add(t);
  }
  return [...withFindings].map((t) => ({ range: { start: t.range.start, end: t.range.start }, command: command(t) }));
}

/** A quick fix on the problems under the cursor, one per path they are in. */
export function preflightActions(targets: readonly PreflightTarget[], diagnostics: readonly Diagnostic[]): CodeAction[] {
  const seen = new Map<PreflightTarget, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const t = targetAround(targets, d.range);
    if (t) seen.set(t, [...(seen.get(t) ?? []), d]);
  }
  return [...seen].map(([t, ds]) => ({ title: SEND_TITLE, kind: 'quickfix', diagnostics: ds, command: command(t) }));
}
