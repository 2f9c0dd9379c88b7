import { analyzeFiles, initSources, type AnalysisResult } from '../../../../../server/src/engine/analyze';
import { createNodeFileHost } from '../../../../../server/src/engine/node-file-host';
import type { CorsPolicy } from '../../../../../server/src/model/cors-policy';
import { predict, type SimRequest } from '../../../../../server/src/model/predict';

export const ROOT = '/virtual/app';

export async function ready(): Promise<void> {
  await initSources();
}

/** Analyses in-memory files (name → text under ROOT); the first is the one given to the engine unless `entry` says otherwise. */
export function analyse(files: Record<string, string>, entry?: string[]): AnalysisResult {
  const overlay = new Map(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  const host = createNodeFileHost({ overlay });
  return analyzeFiles((entry ?? [Object.keys(files)[0]]).map((n) => `${ROOT}/${n}`), { host, root: ROOT, trustedOrigins: [] });
}

export function onlyPolicy(result: AnalysisResult): CorsPolicy {
  if (result.policies.length !== 1) throw new Error(`expected one policy, got ${result.policies.map((p) => p.label).join('; ') || 'none'}`);
  return result.policies[0];
}

/** The CORS headers a request gets, as `name: value` lines sorted; `!` prefixed problems when the model is unsure. */
export function headersFor(policy: CorsPolicy, req: SimRequest): string[] {
  const p = predict(policy, req);
  return [...p.headers.map(([n, v]) => `${n.toLowerCase()}: ${v}`).sort(), ...p.unknown.map((u) => `! ${u}`)];
}

export function acao(policy: CorsPolicy, origin: string | undefined, method = 'GET'): string | undefined {
  const p = predict(policy, { method, origin });
  if (p.unknown.length) return `? ${p.unknown.join('; ')}`;
  return p.headers.find(([n]) => n.toLowerCase() === 'access-control-allow-origin')?.[1];
}
