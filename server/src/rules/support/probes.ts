import type { CorsPolicy, HeaderEmission, ResponseBranch, ValueCase } from '../../model/cors-policy';
import { predict, predictOnBranch, renderValue, takenBranch, type Prediction, type SimRequest } from '../../model/predict';
import { matchOrigin } from '../../origin/match-origin';
import { ACAC, ACAO, textOf } from './headers';

/** The origin the messages name when any origin gets through. */
export const ATTACKER_ORIGIN = 'https://evil.example';

/** Methods a page can send without asking first, and the ones whose answer the page reads. */
const READ_METHODS = ['GET', 'POST'];

/** What one request from `origin` receives: the branch taken and the CORS header values. */
export interface Outcome {
  origin: string;
  prediction: Prediction;
  branch: ResponseBranch;
  header(key: string): string | undefined;
  /** A credentialed request got `Access-Control-Allow-Credentials: true` exactly. */
  credentials: boolean;
}

/** Predicts the answers to credentialed reads from `origin` (one per method that takes a distinct branch). */
export function outcomesFor(policy: CorsPolicy, origin: string): Outcome[] {
  // Every rule probes the same paths with the same origins: predict each once per analysis.
  let perPolicy = readCache.get(policy);
  if (!perPolicy) readCache.set(policy, (perPolicy = new Map()));
  const hit = perPolicy.get(origin);
  if (hit) return hit;
  const out = predictReads(policy, origin);
  perPolicy.set(origin, out);
  return out;
}

const readCache = new WeakMap<CorsPolicy, Map<string, Outcome[]>>();
const preflightCache = new WeakMap<CorsPolicy, Map<string, Outcome | undefined>>();

function predictReads(policy: CorsPolicy, origin: string): Outcome[] {
  const out: Outcome[] = [];
  const seen = new Set<ResponseBranch>();
  // With and without cookies: auth modules and credential checks can route the two differently.
  for (const credentials of [true, false]) {
    for (const method of READ_METHODS) {
      const req: SimRequest = { method, origin, credentials, staticFileExists: true };
      // Choosing the branch is cheap; the rest of the prediction is only needed for a branch not seen yet.
      const taken = takenBranch(policy, req);
      const branch = taken.branch;
      if (!branch || seen.has(branch)) continue;
      seen.add(branch);
      out.push(outcome(origin, predictOnBranch(policy, req, { ...taken, branch }), branch, credentials));
    }
  }
  return out;
}

export function outcome(origin: string, prediction: Prediction, branch: ResponseBranch, credentialedRequest = false): Outcome {
  return new PredictedOutcome(origin, prediction, branch, credentialedRequest);
}

/** An outcome whose header lookup is a method, not a closure per outcome: every path gets several. */
class PredictedOutcome implements Outcome {
  readonly credentials: boolean;

  constructor(readonly origin: string, readonly prediction: Prediction, readonly branch: ResponseBranch, credentialedRequest: boolean) {
    // Cookies are at stake only when a request that carries them is answered with Allow-Credentials.
    this.credentials = credentialedRequest && this.header(ACAC) === 'true';
  }

  header(key: string): string | undefined {
    let joined: string | undefined;
    for (const [name, value] of this.prediction.headers) {
      if (name.toLowerCase() === key) joined = joined === undefined ? value : `${joined}, ${value}`;
    }
    return joined;
  }
}

/**
 * The origin can read a real answer: ACAO is its own origin (or `*` when
 * `allowStar`) on a response that is not a fixed error (reading nginx's own
 * 403 page gains an attacker nothing).
 */
export function readable(o: Outcome, allowStar: boolean): boolean {
  const status = o.prediction.status;
  if (typeof status === 'number' && status >= 400) return false;
  const acao = o.header(ACAO);
  return acao === o.origin || (allowStar && acao === '*');
}

/**
 * Whether some answer of the path can carry `key` with exactly `value`
 * (`*`, `null`, `true`, an origin): a line renders to it only from a case
 * that is that text or is built from the request, and lines of one header are
 * joined with `, `, which none of these values hold. A probe whose verdict
 * needs the value is settled without predicting when no line can send it:
 * most paths send a literal Allow-Origin, which no attacker's origin reads.
 */
export function maySend(policy: CorsPolicy, key: string, value: string): boolean {
  for (const branch of policy.branches) {
    if (linesMaySend(branch.headers, key, value)) return true;
    for (const page of branch.errorPages ?? []) {
      if (linesMaySend(page.headers, key, value)) return true;
      for (const o of page.outcomes ?? []) if (linesMaySend(o.headers, key, value)) return true;
    }
  }
  return false;
}

function linesMaySend(emissions: readonly HeaderEmission[], key: string, value: string): boolean {
  for (const e of emissions) {
    if (e.key !== key && e.name.toLowerCase() !== key) continue;
    for (const c of e.value.cases) {
      if (c.parts.some((p) => p.kind !== 'text') || textOf(c) === value) return true;
    }
  }
  return false;
}

/** The first case of a value that an origin takes, when that can be decided. */
export function caseFor(value: HeaderEmission['value'], origin: string): ValueCase | undefined {
  for (const c of value.cases) {
    const hit = matchOrigin(c.when, origin);
    if (hit === undefined) return undefined;
    if (hit) return c;
  }
  return undefined;
}

/** The emission of `key` on the branch that sends a value to this origin. */
export function emissionFor(branch: ResponseBranch, key: string, origin: string): HeaderEmission | undefined {
  return branch.headers.find((h) => h.key === key && renderValue(h.value, origin, { method: 'GET', origin }) !== undefined);
}

/** The answer to a preflight from `origin` asking for `method` (and any extra request headers). */
export function preflightOutcome(policy: CorsPolicy, origin: string, headers: Record<string, string> = {}): Outcome | undefined {
  let perPolicy = preflightCache.get(policy);
  if (!perPolicy) preflightCache.set(policy, (perPolicy = new Map()));
  const key = `${origin}\u0000${JSON.stringify(headers)}`;
  if (perPolicy.has(key)) return perPolicy.get(key);
  const result = predictPreflight(policy, origin, headers);
  perPolicy.set(key, result);
  return result;
}

function predictPreflight(policy: CorsPolicy, origin: string, headers: Record<string, string>): Outcome | undefined {
  const req: SimRequest = { method: 'OPTIONS', origin, headers: { 'access-control-request-method': 'PUT', ...headers } };
  const prediction = predict(policy, req);
  return prediction.branch ? outcome(origin, prediction, prediction.branch) : undefined;
}
