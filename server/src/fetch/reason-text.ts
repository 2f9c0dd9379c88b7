import type { BlockReason, Outcome } from './types';

const TEXT: Record<BlockReason, (d: string) => string> = {
  ForbiddenMethod: (d) => `fetch() never sends the method ${d}`,
  PreflightInvalidStatus: (d) => `the preflight answered ${d}, not an ok status (200-299)`,
  PreflightDisallowedRedirect: (d) => `the preflight was redirected${d ? ` to ${d}` : ''}; redirects are never followed on a preflight`,
  PreflightMissingAllowOriginHeader: () => 'the preflight response has no Access-Control-Allow-Origin',
  PreflightMultipleAllowOriginValues: (d) => `the preflight's Access-Control-Allow-Origin holds several values ("${d}"); only one origin is allowed`,
  PreflightInvalidAllowOriginValue: (d) => `the preflight's Access-Control-Allow-Origin "${d}" is not an origin`,
  PreflightAllowOriginMismatch: (d) => `the preflight's Access-Control-Allow-Origin "${d}" is not the calling origin`,
  PreflightWildcardOriginNotAllowed: () => "the preflight's Access-Control-Allow-Origin is * but the request carries credentials",
  PreflightInvalidAllowCredentials: (d) => `with credentials the preflight needs Access-Control-Allow-Credentials: true (got ${d ? `"${d}"` : 'none'})`,
  InvalidAllowMethodsPreflightResponse: (d) => `Access-Control-Allow-Methods holds "${d}", which is not a method name`,
  InvalidAllowHeadersPreflightResponse: (d) => `Access-Control-Allow-Headers holds "${d}", which is not a header name`,
  MethodDisallowedByPreflightResponse: (d) => `the method ${d} is not in Access-Control-Allow-Methods`,
  HeaderDisallowedByPreflightResponse: (d) => `the header ${d} is not in Access-Control-Allow-Headers`,
  MissingAllowOriginHeader: () => 'the response has no Access-Control-Allow-Origin',
  MultipleAllowOriginValues: (d) => `Access-Control-Allow-Origin holds several values ("${d}"); only one origin is allowed`,
  InvalidAllowOriginValue: (d) => `Access-Control-Allow-Origin "${d}" is not an origin`,
  AllowOriginMismatch: (d) => `Access-Control-Allow-Origin "${d}" is not the calling origin`,
  WildcardOriginNotAllowed: () => 'Access-Control-Allow-Origin is * but the request carries credentials',
  InvalidAllowCredentials: (d) => `with credentials the response needs Access-Control-Allow-Credentials: true (got ${d ? `"${d}"` : 'none'})`,
  PreflightMissing: () => 'a preflight is needed but there is no preflight response',
  ResponseMissing: () => 'there is no response to the request itself',
};

/** One sentence for a blocked outcome, naming the header or value at fault. */
export function describeReason(outcome: Outcome): string {
  if (outcome.allowed || !outcome.reason) return 'allowed';
  return `${TEXT[outcome.reason](outcome.detail ?? '')} (${outcome.reason})`;
}
