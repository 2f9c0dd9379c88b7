import * as assert from 'node:assert/strict';
import { analyzeFiles } from '../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../server/src/model/cors-policy';
import { disagreements, probesFor, type Probe } from './framework-probes';
import { probe } from './http-probe';

/**
 * Every framework fixture app answers these paths, whatever the method: a route
 * (200), an unrouted path (the framework's 404), a route that fails (500).
 * Where the model leaves the status to the app, this is the app's decision.
 */
export const APP_STATUS: Record<string, number> = { '/ok': 200, '/missing': 404, '/boom': 500 };
export const APP_PATHS = Object.keys(APP_STATUS);

export interface OracleTally {
  apps: number;
  probes: number;
  agreed: number;
}

/** The policies a fixture app gives when analysed alone. */
export function appPolicies(file: string, root: string): CorsPolicy[] {
  return (analyzeFiles([file], { trustedOrigins: [], root }).policies as CorsPolicy[]).filter((p) => p.at.file === file);
}

/** The one policy a fixture app must give. */
export function onlyPolicy(file: string, root: string): CorsPolicy {
  const policies = appPolicies(file, root);
  assert.equal(policies.length, 1, `expected one policy in ${file}, got ${policies.map((p) => p.label).join('; ') || 'none'}`);
  return policies[0];
}

export interface AgreementOptions {
  /** The app's source: its header comment names extra origins and paths. */
  text: string;
  port: number;
  tally: OracleTally;
  /** The policy that answers a probe (a fixed one, or one per path). */
  policyFor(p: Probe): CorsPolicy | undefined;
  paths?: string[];
  /** The app's own status for a path, where the model leaves it to the app. */
  appStatus?(path: string): number | undefined;
  /** Answers that are not the framework's to compare (marked so by the app's host). */
  skip?(real: { status: number; headers: Array<[string, string]> }): boolean;
}

/**
 * Sends every probe to the running app and compares each answer with the
 * model's; fails with the disagreements. Returns how many answers were compared.
 */
export async function assertAppAgrees(o: AgreementOptions): Promise<number> {
  const failures: string[] = [];
  let compared = 0;
  for (const p of probesFor(o.text, o.paths ?? APP_PATHS)) {
    const real = await probe({ port: o.port, method: p.method, path: p.path, headers: p.headers });
    if (o.skip?.(real)) continue;
    compared++;
    o.tally.probes++;
    const problems = disagreements(o.policyFor(p), p, real, (o.appStatus ?? ((path) => APP_STATUS[path]))(p.path));
    if (problems.length === 0) o.tally.agreed++;
    else failures.push(`${p.method} ${p.path} origin=${p.origin ?? '(none)'} ${JSON.stringify(p.headers)}: ${problems.join('; ')}`);
  }
  assert.deepEqual(failures, [], `${failures.length} disagreements:\n${failures.slice(0, 8).join('\n')}`);
  return compared;
}
