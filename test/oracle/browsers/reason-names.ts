import type { BlockReason } from '../../../server/src/fetch/types';

/**
 * Firefox and WebKit state block reasons in English; these patterns read them
 * as the Chromium names the verdict engine uses. Where an engine says the same
 * words for several causes, the pattern lists every name it stands for.
 */
const FIREFOX: [RegExp, BlockReason[]][] = [
  [/‘Access-Control-Allow-Origin’ missing/, ['MissingAllowOriginHeader']],
  [/‘Access-Control-Allow-Origin’ does not match/, ['AllowOriginMismatch']],
  [/^Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed/, ['MultipleAllowOriginValues']],
  [/^Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘\*’/, ['WildcardOriginNotAllowed']],
  [/^expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’/, ['InvalidAllowCredentials']],
  [/^CORS preflight response did not succeed/, ['PreflightInvalidStatus']],
  [/^CORS request external redirect not allowed/, ['PreflightDisallowedRedirect']],
  [/^Did not find method in CORS header ‘Access-Control-Allow-Methods’/, ['MethodDisallowedByPreflightResponse']],
  [/is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response/, ['HeaderDisallowedByPreflightResponse']],
  [/^invalid token ‘.*’ in CORS header ‘Access-Control-Allow-Methods’/, ['InvalidAllowMethodsPreflightResponse']],
  [/^invalid token ‘.*’ in CORS header ‘Access-Control-Allow-Headers’/, ['InvalidAllowHeadersPreflightResponse']],
];

const WEBKIT: [RegExp, BlockReason[]][] = [
  // WebKit words an absent and a wrong value alike.
  [/^Origin \S+ is not allowed by Access-Control-Allow-Origin/, ['MissingAllowOriginHeader', 'AllowOriginMismatch']],
  [/^Access-Control-Allow-Origin cannot contain more than one origin/, ['MultipleAllowOriginValues']],
  [/^Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true/, ['WildcardOriginNotAllowed']],
  [/^Credentials flag is true, but Access-Control-Allow-Credentials is not "true"/, ['InvalidAllowCredentials']],
  [/^Preflight response is not successful/, ['PreflightInvalidStatus']],
  [/^Method \S+ is not allowed by Access-Control-Allow-Methods/, ['MethodDisallowedByPreflightResponse']],
  [/^Request header field \S+ is not allowed by Access-Control-Allow-Headers/, ['HeaderDisallowedByPreflightResponse']],
  [/^Header Access-Control-Allow-Methods has an invalid value/, ['InvalidAllowMethodsPreflightResponse']],
  [/^Header Access-Control-Allow-Headers has an invalid value/, ['InvalidAllowHeadersPreflightResponse']],
];

/** Neither engine says whether an origin check failed on the preflight or on the response; the traffic shows that. */
function withoutStage(reason: string): string {
  return reason === 'PreflightInvalidStatus' || reason === 'PreflightDisallowedRedirect' ? reason : reason.replace(/^Preflight/, '');
}

/** The names an engine's message stands for, or undefined when no pattern knows it. */
export function namesFor(engine: 'firefox' | 'webkit', text: string): BlockReason[] | undefined {
  // WebKit puts the reason for a refused redirect after this preamble.
  const reason = engine === 'webkit' ? text.replace(/^Cross-origin redirection to \S+ denied by Cross-Origin Resource Sharing policy: /, '') : text;
  return (engine === 'firefox' ? FIREFOX : WEBKIT).find(([re]) => re.test(reason))?.[1];
}

export function reasonAgrees(engine: 'firefox' | 'webkit', text: string, expected: BlockReason): boolean {
  const names = namesFor(engine, text);
  return names !== undefined && names.some((n) => withoutStage(n) === withoutStage(expected));
}
