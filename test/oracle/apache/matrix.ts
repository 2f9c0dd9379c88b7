import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SimRequest } from '../../../server/src/model/predict';

/** What a fixture asks the oracle to send; everything else is the shared matrix below. */
export interface OracleSpec {
  /** URL paths to probe (files that exist and files that do not, so both success and error paths are seen). */
  paths: string[];
  /** Host headers to send (virtual hosts); default `localhost`. */
  hosts?: string[];
  /** Origins beyond the shared ones. */
  origins?: string[];
  /** Methods beyond the shared ones, sent as plain requests (a class member the handler treats like another). */
  methods?: string[];
  modules?: string[];
}

export interface Probe {
  host: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  sim: SimRequest;
  label: string;
}

export const SHARED_ORIGINS = ['https://app.example.com', 'https://evil.example', 'null', undefined];

/** Preflights, simple and credentialed actual requests, and methods the static handler refuses. */
export function probesFor(spec: OracleSpec, htdocs: string): Probe[] {
  const probes: Probe[] = [];
  const origins = [...SHARED_ORIGINS, ...(spec.origins ?? [])];
  for (const host of spec.hosts ?? ['localhost']) {
    for (const p of spec.paths) {
      const file = path.join(htdocs, p);
      const staticFileExists = fs.existsSync(file) && fs.statSync(file).isFile();
      for (const origin of origins) {
        const o: Record<string, string> = origin === undefined ? {} : { Origin: origin };
        const kinds: Array<{ method: string; extra: Record<string, string>; credentials?: boolean; kind: string }> = [
          { method: 'OPTIONS', extra: { 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' }, kind: 'preflight' },
          { method: 'GET', extra: {}, kind: 'GET' },
          { method: 'GET', extra: { Cookie: 'session=1' }, credentials: true, kind: 'GET with cookie' },
          { method: 'POST', extra: {}, kind: 'POST' },
          { method: 'PUT', extra: {}, kind: 'PUT' },
          ...(spec.methods ?? []).map((method) => ({ method, extra: {}, kind: method })),
        ];
        for (const k of kinds) {
          const headers = { Host: host, ...o, ...k.extra };
          const simHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(k.extra)) simHeaders[name.toLowerCase()] = value;
          probes.push({
            host,
            path: p,
            method: k.method,
            headers,
            sim: { method: k.method, origin, headers: simHeaders, credentials: k.credentials === true, staticFileExists },
            label: `${k.kind} ${host}${p} Origin=${origin ?? '(none)'}`,
          });
        }
      }
    }
  }
  return probes;
}

/** The lines a CORS verdict depends on, as compared: name lower-cased, value as sent. */
export function corsLines(headers: Array<[string, string]>): string[] {
  return headers.filter(([n]) => n.toLowerCase() === 'vary' || n.toLowerCase().startsWith('access-control-')).map(([n, v]) => `${n.toLowerCase()}: ${v}`);
}
