import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { isCorsHeader, predict, type SimRequest } from '../../../../server/src/model/predict';
import { probe } from '../../support/http-probe';
import { startApp } from './app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/js');

/**
 * Every fixture app answers these paths, whatever the method: a route (200), an
 * unrouted path (the framework's 404), a route that throws (500). Where the
 * model says the app decides the status, this is the app's decision, fed to the
 * model the way an upstream's answer is.
 */
const APP_STATUS: Record<string, number> = { '/ok': 200, '/missing': 404, '/boom': 500 };
const DEFAULT_PATHS = Object.keys(APP_STATUS);
const BASE_ORIGINS = ['https://evil.example', 'null', 'https://app.example.com.evil.net', undefined];

interface Probe {
  method: string;
  path: string;
  origin?: string;
  headers: Record<string, string>;
  credentials: boolean;
}

/** The header comment of a fixture: `// origins: a b`, `// paths: /x /y`, `// status /x: 200`. */
function directives(text: string): { origins: string[]; paths: string[] } {
  const origins = /^\/\/ origins: (.*)$/m.exec(text)?.[1].split(/\s+/).filter(Boolean) ?? [];
  const paths = /^\/\/ paths: (.*)$/m.exec(text)?.[1].split(/\s+/).filter(Boolean) ?? DEFAULT_PATHS;
  return { origins, paths };
}

function probesFor(text: string): Probe[] {
  const { origins, paths } = directives(text);
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
function corsLines(lines: Array<[string, string]>): string[] {
  return lines
    .filter(([name, value]) => isCorsHeader(name) && value !== '')
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .sort();
}

/** The policy with the app's own status filled in where the model leaves it to the app. */
function withAppStatus(policy: CorsPolicy, code: number): CorsPolicy {
  return { ...policy, branches: policy.branches.map((b) => (b.status.kind === 'app' ? { ...b, status: { kind: 'fixed', code } } : b)) };
}

export const tally = { apps: 0, probes: 0, agreed: 0 };

describe('JS frameworks: the model predicts what the real server sends', function () {
  this.timeout(300_000);
  before(async () => {
    await initSources();
  });
  after(() => {
    console.log(`      JS oracle: ${tally.apps} apps, ${tally.agreed}/${tally.probes} probes agree`);
  });

  const files = fs.readdirSync(FIXTURES).filter((f) => /\.(c?js|mjs)$/.test(f) && !f.startsWith('_')).sort();
  it('has at least 25 fixture apps', () => assert.ok(files.length >= 25, `only ${files.length} fixture apps`));

  for (const name of files) {
    it(name, async () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const result = analyzeFiles([file], { trustedOrigins: [], root: FIXTURES });
      const policies = (result.policies as CorsPolicy[]).filter((p) => p.at.file === file);
      assert.equal(policies.length, 1, `expected one policy in ${name}, got ${policies.map((p) => p.label).join('; ') || 'none'}`);
      const policy = policies[0];
      const app = await startApp(file);
      tally.apps++;
      const failures: string[] = [];
      try {
        for (const p of probesFor(text)) {
          const real = await probe({ port: app.port, method: p.method, path: p.path, headers: p.headers });
          const req: SimRequest = { method: p.method, origin: p.origin, headers: p.headers, credentials: p.credentials };
          let model = predict(policy, req);
          if (model.status === 'app' && APP_STATUS[p.path] !== undefined) model = predict(withAppStatus(policy, APP_STATUS[p.path]), req);
          tally.probes++;
          const problems: string[] = [];
          if (model.unknown.length > 0) problems.push(`model unsure: ${model.unknown.join('; ')}`);
          if (typeof model.status === 'number' && model.status !== real.status) problems.push(`status ${real.status}, model ${model.status}`);
          if (model.status === 'unknown') problems.push(`status ${real.status}, model unknown`);
          const want = corsLines(real.headers);
          const got = corsLines(model.headers);
          if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`headers\n          real:  ${JSON.stringify(want)}\n          model: ${JSON.stringify(got)}`);
          if (problems.length === 0) tally.agreed++;
          else failures.push(`${p.method} ${p.path} origin=${p.origin ?? '(none)'} ${JSON.stringify(p.headers)}: ${problems.join('; ')}`);
        }
      } finally {
        await app.stop();
      }
      assert.deepEqual(failures, [], `${failures.length} disagreements:\n${failures.slice(0, 8).join('\n')}`);
    });
  }
});
