import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { disagreements, probesFor } from '../../support/framework-probes';
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
        for (const p of probesFor(text, DEFAULT_PATHS)) {
          const real = await probe({ port: app.port, method: p.method, path: p.path, headers: p.headers });
          tally.probes++;
          const problems = disagreements(policy, p, real, APP_STATUS[p.path]);
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
