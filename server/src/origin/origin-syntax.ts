/**
 * What browsers accept in `Access-Control-Allow-Origin`: `*`, `null`, or one
 * serialized origin. Browsers compare the value byte-for-byte with the request's
 * serialized origin, which is lower-case, has no path and omits a default port,
 * so anything else never matches.
 */

export type OriginSyntaxProblem = 'missing-scheme' | 'has-path' | 'several-origins' | 'wildcard-inside' | 'not-an-origin';

export type ParsedOrigin =
  | { ok: true; scheme: string; host: string; port?: number }
  | { ok: false; problem: OriginSyntaxProblem };

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

/**
 * Parses one `Access-Control-Allow-Origin` value. `*` and `null` are accepted and
 * come back with that text as the scheme and an empty host.
 */
export function parseOriginValue(value: string): ParsedOrigin {
  if (value === '*' || value === 'null') return { ok: true, scheme: value, host: '' };
  const trimmed = value.trim();
  if (trimmed.split(/[\s,]+/).filter((p) => p !== '').length > 1) return { ok: false, problem: 'several-origins' };
  if (trimmed !== value || value === '') return { ok: false, problem: 'not-an-origin' };
  if (value.includes('*')) return { ok: false, problem: 'wildcard-inside' };
  const sep = value.indexOf('://');
  if (sep < 0) {
    // `example.com` or `example.com:8080` reads as a host written without its scheme.
    return /^(\/\/)?[A-Za-z0-9.-]+(:\d+)?\/?$/.test(value) && /[A-Za-z]/.test(value)
      ? { ok: false, problem: 'missing-scheme' }
      : { ok: false, problem: 'not-an-origin' };
  }
  const scheme = value.slice(0, sep);
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return { ok: false, problem: sep === 0 ? 'missing-scheme' : 'not-an-origin' };
  const rest = value.slice(sep + 3);
  const pathAt = rest.search(/[/?#]/);
  if (pathAt >= 0) {
    return parseAuthority(scheme, rest.slice(0, pathAt)).ok ? { ok: false, problem: 'has-path' } : { ok: false, problem: 'not-an-origin' };
  }
  return parseAuthority(scheme, rest);
}

function parseAuthority(scheme: string, authority: string): ParsedOrigin {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!m) return { ok: false, problem: 'not-an-origin' };
  const host = m[1];
  if (host.startsWith('.') || host.includes('..')) return { ok: false, problem: 'not-an-origin' };
  if (m[2] === undefined) return { ok: true, scheme, host };
  const port = Number(m[2]);
  // A serialized origin never spells out the default port, nor a leading zero.
  if (port > 65535 || String(port) !== m[2] || DEFAULT_PORTS[scheme] === port) return { ok: false, problem: 'not-an-origin' };
  return { ok: true, scheme, host, port };
}

/** The serialized origin for parts (no default port). */
export function serializeOrigin(scheme: string, host: string, port?: number): string {
  return port === undefined || DEFAULT_PORTS[scheme] === port ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}
