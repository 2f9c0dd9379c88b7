import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import type { CorsPolicy, ResponseBranch } from '../../../server/src/model/cors-policy';
import { buildNginxPolicies } from '../../../server/src/model/nginx/build-policies';
import { predict, type Prediction, type SimRequest } from '../../../server/src/model/predict';
import { loadNginxConfig } from '../../../server/src/parsers/nginx/loader';

export const ROOT = '/virtual/nginx/nginx.conf';

/** Policies of an in-memory configuration: `files` maps paths (absolute, or relative to the root's folder) to text. */
export function policiesOf(main: string, files: Record<string, string> = {}): CorsPolicy[] {
  const overlay = new Map<string, string>([[ROOT, main]]);
  for (const [p, text] of Object.entries(files)) overlay.set(p.startsWith('/') ? p : `/virtual/nginx/${p}`, text);
  const config = loadNginxConfig(ROOT, createNodeFileHost({ overlay }));
  if (config.problems.length) throw new Error(`fixture does not load: ${config.problems.map((p) => p.message).join('; ')}`);
  return buildNginxPolicies(config);
}

/** The one policy whose label ends with `suffix` (throws when none or several do). */
export function policy(policies: CorsPolicy[], suffix: string): CorsPolicy {
  const found = policies.filter((p) => p.label.endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} policies end with "${suffix}": ${policies.map((p) => p.label).join(', ')}`);
  return found[0];
}

/** `status name: value | name: value`, for compact assertions. */
export function answer(p: CorsPolicy, req: SimRequest): string {
  const r: Prediction = predict(p, req);
  return [String(r.status), ...r.headers.map(([n, v]) => `${n}: ${v}`)].join(' | ');
}

export function headerNames(b: ResponseBranch): string[] {
  return b.headers.map((h) => h.name);
}

export function http(body: string): string {
  return `events {}\nhttp {\n${body}\n}\n`;
}

export const ALLOWED = 'https://app.example.com';
export const EVIL = 'https://evil.example.net';
