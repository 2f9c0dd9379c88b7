import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch, StatusModel, SymbolicValue } from './cors-policy';
import { matchOrigin, matchOriginWithCaptures } from '../origin/match-origin';
import type { OriginMatcher } from './origin-matcher';

/** A concrete request, as the preflight tester or a rule imagines it. */
export interface SimRequest {
  method: string;
  /** The `Origin` header; absent when undefined. */
  origin?: string;
  /**
   * Other request headers; names are compared case-insensitively. When given,
   * they are the whole truth about Cookie and Authorization.
   */
  headers?: Record<string, string>;
  /**
   * The request carries credentials. Without `headers`, this stands for a
   * browser's credentialed request: it sends the site's cookies and any HTTP
   * authentication the user gave it, so Cookie and Authorization count as present.
   */
  credentials?: boolean;
  /** For statically served paths: whether the requested file exists on disk. */
  staticFileExists?: boolean;
  /** The request path, when known (an error page's internal request sets it to the page's URI). */
  uri?: string;
}

export interface Prediction {
  status: number | 'upstream' | 'app' | 'unknown';
  /** `access-control-*` and `vary` header lines, in the order they are sent. */
  headers: Array<[string, string]>;
  /** What the model could not decide (opaque conditions, unresolvable values). */
  unknown: string[];
  branch?: ResponseBranch;
}

/** What an upstream answered, when the caller knows it (an oracle run, a second model). */
export interface UpstreamReply {
  status: number;
  headers: Array<[string, string]>;
}

export interface PredictOptions {
  /** Supplies the upstream's answer for a proxied branch; without it the status stays `upstream`. */
  upstream?: (branch: ResponseBranch, req: SimRequest) => UpstreamReply | undefined;
}

export function predict(policy: CorsPolicy, req: SimRequest, options: PredictOptions = {}): Prediction {
  const { branch, unknown } = takenBranch(policy, req);
  return branch ? predictOnBranch(policy, req, { branch, unknown }, options) : { status: 'unknown', headers: [], unknown: [...unknown, 'no branch applies to this request'] };
}

/** The branch a request takes (the first whose condition holds), and what could not be decided on the way. */
export interface TakenBranch {
  branch: ResponseBranch | undefined;
  unknown: string[];
}

/**
 * Only the branch-selection half of `predict`: callers that want one answer
 * per branch (several requests often take the same one) can skip the rest.
 */
export function takenBranch(policy: CorsPolicy, req: SimRequest): TakenBranch {
  const unknown: string[] = [];
  return { branch: policy.branches.find((b) => conditionHolds(b.when, req, unknown)), unknown };
}

/** `predict` for a request whose branch `takenBranch` already found; the same answer, without choosing again. */
export function predictOnBranch(policy: CorsPolicy, req: SimRequest, taken: TakenBranch & { branch: ResponseBranch }, options: PredictOptions = {}): Prediction {
  const branch = taken.branch;
  const unknown = [...taken.unknown];

  let status = resolveStatus(branch.status, req, unknown);
  const headers: Array<[string, string]> = [];
  if (status === 'upstream' && options.upstream) {
    const reply = options.upstream(branch, req);
    if (reply) {
      status = reply.status;
      const hidden = new Set((branch.passesUpstreamHeaders?.hidden ?? []).map((h) => h.toLowerCase()));
      for (const [name, value] of reply.headers) {
        if (isCorsHeader(name) && !hidden.has(name.toLowerCase())) headers.push([name, value]);
      }
    }
  }
  let emissions = branch.headers;
  const page = typeof status === 'number' ? branch.errorPages?.find((p) => p.codes.includes(status as number)) : undefined;
  if (page?.redirect) {
    status = typeof page.status === 'number' ? page.status : 302;
  } else if (page) {
    // The page replaces the whole answer: an upstream's headers go with it.
    headers.length = 0;
    emissions = page.headers;
    if (page.status === 'target') {
      status = 'unknown';
    } else if (page.status !== undefined) {
      status = page.status;
    }
    // nginx fetches a URI page with an internal GET (HEAD stays HEAD), and its file is taken to exist;
    // a named page keeps the request's method and URI.
    const inner: SimRequest = { ...req };
    if (page.uri?.startsWith('/')) {
      inner.uri = page.uri;
      inner.staticFileExists = true;
      if (req.method.toUpperCase() !== 'HEAD') inner.method = 'GET';
    }
    const outcome = page.outcomes?.find((o) => conditionHolds(o.when, inner, unknown));
    if (outcome) {
      emissions = outcome.headers;
      if (outcome.status === 'unknown') {
        status = 'unknown';
        unknown.push(`status: the error page at ${where(page.at)} cannot be followed`);
      } else if (outcome.status !== undefined) {
        status = outcome.status;
      }
      if (outcome.upstream) {
        const proxied: ResponseBranch = { when: outcome.when, status: { kind: 'upstream', at: outcome.upstream.at }, headers: outcome.headers, at: outcome.upstream.at, passesUpstreamHeaders: outcome.upstream };
        const reply = options.upstream?.(proxied, inner);
        if (reply && outcome.intercepts?.includes(reply.status)) {
          // Already serving a page, the proxy answers an intercepted error with its own plain page.
          status = reply.status;
        } else if (reply) {
          if (page.status === 'target') status = reply.status;
          const hidden = new Set(outcome.upstream.hidden.map((h) => h.toLowerCase()));
          for (const [name, value] of reply.headers) if (isCorsHeader(name) && !hidden.has(name.toLowerCase())) headers.push([name, value]);
        } else if (page.status === 'target') {
          status = 'upstream';
        }
      } else if (outcome.ownStatus === 'static' && outcome.status === undefined) {
        // A file that cannot be served is an error of the page's own; a file served takes the page's status.
        const own = resolveStatus({ kind: 'static' }, inner, unknown) as number;
        if (own >= 400 || page.status === 'target') status = own;
      } else if (page.status === 'target' && outcome.status === undefined && typeof outcome.ownStatus === 'number') {
        status = outcome.ownStatus;
      }
    }
    if (status === 'unknown' && page.status === 'target') unknown.push(`status: the error page at ${where(page.at)} sends its own status`);
  }
  // Unresolved statuses count as success: the headers may well be sent, and hiding them would hide findings.
  const success = typeof status !== 'number' || policy.successStatuses.includes(status);
  for (const emission of emissions) {
    if (emission.scope === 'success' && !success) continue;
    if (emission.statuses && typeof status === 'number' && !emission.statuses.includes(status)) continue;
    if (!isCorsHeader(emission.key)) continue;
    const rendered = renderEmission(emission, req, unknown);
    // `set` replaces earlier lines even with an empty value: that is how a header is cleared.
    if (emission.mode === 'set') {
      for (let i = headers.length - 1; i >= 0; i--) if (headers[i][0].toLowerCase() === emission.key) headers.splice(i, 1);
    }
    if (rendered === undefined) continue;
    headers.push([emission.name, rendered]);
  }
  return { status, headers, unknown, branch };
}

export function isCorsHeader(name: string): boolean {
  // Emission keys are lower case already: most calls need no lower-casing.
  if (name === 'vary' || name.startsWith('access-control-')) return true;
  const key = name.toLowerCase();
  return key === 'vary' || key.startsWith('access-control-');
}

/**
 * The value a header gets for this request Origin, or `undefined` when it is not
 * sent (no case admits the Origin, or the value renders empty).
 */
export function renderValue(value: SymbolicValue, origin: string, req: SimRequest): string | undefined {
  return renderValueDetailed(value, origin, req).value;
}

export interface RenderedValue {
  value: string | undefined;
  /** Why the value is not fully known (an opaque matcher, an unresolvable variable). */
  unknown: string[];
}

export function renderValueDetailed(value: SymbolicValue, origin: string, req: SimRequest): RenderedValue {
  const unknown: string[] = [];
  return { value: renderInto(value, origin, req, unknown), unknown };
}

/**
 * `renderValueDetailed` writing what it cannot decide straight into `unknown`,
 * each note after `label: ` when a label is given: a prediction renders every
 * header of its branch, and needs no list of its own per header.
 */
function renderInto(value: SymbolicValue, origin: string, req: SimRequest, unknown: string[], label?: string): string | undefined {
  const mark = unknown.length;
  let rendered: string | undefined;
  for (const c of value.cases) {
    // Most cases admit every origin: their only capture is the whole origin, as `matchOriginWithCaptures` gives it.
    let captures: string[] | undefined;
    if (c.when.kind !== 'any') {
      const hit = matchOriginWithCaptures(c.when, origin);
      if (hit === undefined) {
        unknown.push(`cannot decide whether origin "${origin}" takes the value written at ${where(c.at)}`);
        continue;
      }
      if (!hit.matched) continue;
      captures = hit.captures;
    }
    let text = '';
    for (const part of c.parts) {
      switch (part.kind) {
        case 'text': text += part.text; break;
        case 'origin': text += origin; break;
        case 'request-header': {
          const raw = headerValue(req, part.name) ?? '';
          if (part.format === 'sorted-list') text += sortedList(raw, part.keep, unknown);
          else text += part.format === 'canonical-list' ? headerTokens(raw).map(canonicalHeaderKey).join(', ') : raw;
          break;
        }
        case 'capture': text += (captures ? captures[part.group] : part.group === 0 ? origin : undefined) ?? ''; break;
        case 'unknown':
          unknown.push(`value of $${part.name} is unknown`);
          text += `$${part.name}`;
          break;
      }
    }
    rendered = text === '' ? undefined : text;
    break;
  }
  if (label !== undefined) for (let i = mark; i < unknown.length; i++) unknown[i] = `${label}: ${unknown[i]}`;
  return rendered;
}

function renderEmission(emission: HeaderEmission, req: SimRequest, unknown: string[]): string | undefined {
  return renderInto(emission.value, req.origin ?? '', req, unknown, emission.name);
}

export function conditionHolds(cond: RequestCondition, req: SimRequest, unknown: string[]): boolean {
  switch (cond.kind) {
    case 'true': return true;
    case 'method': return cond.methods.includes(req.method.toUpperCase());
    case 'origin': {
      const m = matchOrigin(cond.matcher, req.origin ?? '');
      if (m === undefined) {
        unknown.push(`cannot decide the origin check${cond.matcher.at ? ` at ${where(cond.matcher.at)}` : ''}`);
        return false;
      }
      return m;
    }
    case 'header-present': {
      if (req.headers === undefined && req.credentials === true && (cond.name === 'authorization' || cond.name === 'cookie')) return true;
      return (headerValue(req, cond.name) ?? '') !== '';
    }
    case 'header-tokens-within': {
      const allowed = new Set(cond.allowed.map((a) => a.toLowerCase()));
      return headerTokens(headerValue(req, cond.name) ?? '').every((t) => allowed.has(t.toLowerCase()));
    }
    case 'header-matches': {
      const m = matchOrigin(cond.matcher, headerValue(req, cond.name) ?? '');
      if (m === undefined) {
        unknown.push(`cannot decide the check on the ${cond.name} header${cond.matcher.at ? ` at ${where(cond.matcher.at)}` : ''}`);
        return false;
      }
      return m;
    }
    case 'credentials': return req.credentials === true;
    case 'not': return !conditionHolds(cond.cond, req, unknown);
    case 'and': return cond.conds.every((c) => conditionHolds(c, req, unknown));
    case 'or': return cond.conds.some((c) => conditionHolds(c, req, unknown));
    case 'opaque':
      unknown.push(`assumed false: ${cond.text} (${where(cond.at)})`);
      return false;
  }
}

function resolveStatus(status: StatusModel, req: SimRequest, unknown: string[]): Prediction['status'] {
  switch (status.kind) {
    case 'fixed': return status.code;
    case 'upstream': return status.missing !== undefined && req.staticFileExists === false ? status.missing : 'upstream';
    case 'app': return 'app';
    case 'unknown':
      unknown.push(`status: ${status.why}`);
      return 'unknown';
    case 'static': {
      const method = req.method.toUpperCase();
      const exists = req.staticFileExists === true;
      if (!exists && status.missing !== undefined) return status.missing;
      if (method === 'GET' || method === 'HEAD') return exists ? 200 : 404;
      // nginx's static handler looks the file up for POST before refusing the method.
      if (method === 'POST') return exists ? 405 : 404;
      return 405;
    }
  }
}

/** The names in a list header: split on commas and spaces, empty pieces dropped. */
export function headerTokens(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** Go's `http.CanonicalHeaderKey`: each dash-separated word capitalised (`x-custom` → `X-Custom`). */
export function canonicalHeaderKey(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

function headerValue(req: SimRequest, name: string): string | undefined {
  const key = name.toLowerCase();
  if (key === 'origin') return req.origin;
  for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() === key) return v;
  return undefined;
}

function where(span: { file: string; range: { start: { line: number; character: number } } }): string {
  return `${span.file}:${span.range.start.line + 1}:${span.range.start.character + 1}`;
}

/** Python's `', '.join(sorted(n.strip() for n in raw.split(',') if keep admits n))`; no header gives nothing. */
function sortedList(raw: string, keep: OriginMatcher | undefined, unknown: string[]): string {
  if (raw === '') return '';
  const names = raw.split(',').map((n) => n.trim()).filter((n) => {
    if (!keep) return true;
    const m = matchOrigin(keep, n);
    if (m === undefined) unknown.push(`cannot decide which requested headers are allowed`);
    return m === true;
  });
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(', ');
}
