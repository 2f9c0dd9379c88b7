import type { CorsPolicy } from '../../../server/src/model/cors-policy';
import { isCorsHeader, predict, type SimRequest } from '../../../server/src/model/predict';

/** Origins every framework app is probed with, besides the ones its header comment names. */
export const BASE_ORIGINS = ['https://evil.example', 'null', 'https://app.example.com.evil.net', undefined];

export interface Probe {
  method: string;
  path: string;
  origin?: string;
  headers: Record<string, string>;
  credentials: boolean;
}

/**
 * The header comment of a fixture app (`//` or `#`): `origins: a b`, `paths: /x /y`.
 * Paths default to `defaultPaths`.
 */
export function directives(text: string, defaultPaths: string[]): { origins: string[]; paths: string[] } {
  const origins = /^(?:\/\/|#) origins: (.*)$/m.exec(text)?.[1].split(/\s+/).filter(Boolean) ?? [];
  const paths = /^(?:\/\/|#) paths: (.*)$/m.exec(text)?.[1].split(/\s+/).filter(Boolean) ?? defaultPaths;
  return { origins, paths };
}

/** Per origin and path: a credentialed GET, a POST, two preflights and a bare OPTIONS. */
export function probesFor(text: string, defaultPaths: string[]): Probe[] {
  const { origins, paths } = directives(text, defaultPaths);
  const out: Probe[] = [];
  for (const origin of [...origins, ...BASE_ORIGINS]) {
    for (const p of paths) {
      const originHeader: Record<string, string> = origin === undefined ? {} : { origin };
      out.push({ method: 'GET', path: p, origin, headers: { ...originHeader, cookie: 'sid=1' }, credentials: true });
      out.push({ method: 'POST', path: p, origin, headers: { ...originHeader }, credentials: false });
      // Browsers join the requested names with bare commas (Fetch, "CORS-unsafe request-header names").
      out.push({ method: 'OPTIONS', path: p, origin, headers: { ...originHeader, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,x-custom' }, credentials: false });
      out.push({ method: 'OPTIONS', path: p, origin, headers: { ...originHeader, 'access-control-request-method': 'GET' }, credentials: false });
      out.push({ method: 'OPTIONS', path: p, origin, headers: { ...originHeader }, credentials: false });
    }
  }
  return out;
}

/**
 * CORS header lines as sent, sorted; a line with an empty value counts as
 * absent, as the model's convention is (browsers treat both alike).
 */
export function corsLines(lines: Array<[string, string]>): string[] {
  return lines
    .filter(([name, value]) => isCorsHeader(name) && value !== '')
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .sort();
}

/** The policy with the app's own status filled in where the model leaves it to the app. */
export function withAppStatus(policy: CorsPolicy, code: number): CorsPolicy {
  return { ...policy, branches: policy.branches.map((b) => (b.status.kind === 'app' ? { ...b, status: { kind: 'fixed', code } } : b)) };
}

/**
 * What is wrong with the model's answer to one probe, compared with the real
 * reply; empty when they agree. Without a policy the model says no CORS at all.
 */
export function disagreements(policy: CorsPolicy | undefined, p: Probe, real: { status: number; headers: Array<[string, string]> }, appStatus: number | undefined): string[] {
  const req: SimRequest = { method: p.method, origin: p.origin, headers: p.headers, credentials: p.credentials };
  const problems: string[] = [];
  let status: number | string = appStatus ?? 'app';
  let headers: Array<[string, string]> = [];
  if (policy) {
    let model = predict(policy, req);
    if (model.status === 'app' && appStatus !== undefined) model = predict(withAppStatus(policy, appStatus), req);
    if (model.unknown.length > 0) problems.push(`model unsure: ${model.unknown.join('; ')}`);
    status = model.status;
    headers = model.headers;
  }
  if (typeof status === 'number' && status !== real.status) problems.push(`status ${real.status}, model ${status}`);
  if (status === 'unknown') problems.push(`status ${real.status}, model unknown`);
  const want = corsLines(real.headers);
  const got = corsLines(headers);
  if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`headers\n          real:  ${JSON.stringify(want)}\n          model: ${JSON.stringify(got)}`);
  return problems;
}
