import type { CredentialsMode, HeaderLine } from '../../../server/src/fetch/types';
import type { OracleCase, ResponseSpec } from './case-types';
import { seededRandom } from '../../support/seeded-random';

/**
 * Seeded random combinations of everything the families vary one at a time,
 * so several faults meet in one exchange and the order in which each engine
 * checks them shows in its reason. The seed is fixed: a failure reproduces.
 */

const O = '{ORIGIN}';
const ORIGINS: HeaderLine[][] = [[], [['Access-Control-Allow-Origin', '*']], [['Access-Control-Allow-Origin', O]], [['Access-Control-Allow-Origin', 'http://evil.test']], [['Access-Control-Allow-Origin', O], ['Access-Control-Allow-Origin', O]], [['Access-Control-Allow-Origin', `${O}, http://evil.test`]]];
const CREDENTIALS: HeaderLine[][] = [[], [['Access-Control-Allow-Credentials', 'true']], [['Access-Control-Allow-Credentials', 'TRUE']]];
const METHOD_LISTS: HeaderLine[][] = [[], [['Access-Control-Allow-Methods', 'PUT, PATCH']], [['Access-Control-Allow-Methods', '*']], [['Access-Control-Allow-Methods', 'GET']], [['Access-Control-Allow-Methods', 'PUT, {bad}']]];
const HEADER_LISTS: HeaderLine[][] = [[], [['Access-Control-Allow-Headers', 'x-token, content-type']], [['Access-Control-Allow-Headers', '*']], [['Access-Control-Allow-Headers', 'x-other']], [['Access-Control-Allow-Headers', 'x-token, [bad]']]];
const STATUSES = [200, 204, 204, 403, 404, 500, 302];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const REQUEST_HEADERS: HeaderLine[][] = [[], [['X-Token', 't']], [['Content-Type', 'application/json']], [['Content-Type', 'text/plain']], [['Authorization', 'Bearer t']], [['X-Token', 't'], ['Content-Type', 'application/json']]];

export function generateRandomCases(count: number, seed = 20260522): Omit<OracleCase, 'id'>[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const cases: Omit<OracleCase, 'id'>[] = [];
  for (let i = 0; i < count; i++) {
    const status = pick(STATUSES);
    const preflight: ResponseSpec = { status, headers: [...pick(ORIGINS), ...pick(CREDENTIALS), ...pick(METHOD_LISTS), ...pick(HEADER_LISTS)], redirect: status === 302 };
    const actual: ResponseSpec = { status: 200, headers: [...pick(ORIGINS), ...pick(CREDENTIALS)] };
    const credentials: CredentialsMode = random() < 0.5 ? 'omit' : 'include';
    const method = pick(METHODS);
    const headers = pick(REQUEST_HEADERS);
    cases.push({ label: `random ${i}: ${method} ${headers.map(([n]) => n).join('+') || 'no headers'}, ${credentials}, preflight ${status}`, method, headers, credentials, preflight, actual });
  }
  return cases;
}
