import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { disagreements, probesFor } from '../../support/framework-probes';
import { probe } from '../../support/http-probe';
import { buildApps, removeBuild, startGoApp } from './go-app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/go');

/** Every app answers these paths, whatever the method (support-routes.go); where the model leaves the status to the app, this is it. */
const APP_STATUS: Record<string, number> = { '/ok': 200, '/missing': 404, '/boom': 500 };
const DEFAULT_PATHS = Object.keys(APP_STATUS);

export const tally = { apps: 0, probes: 0, agreed: 0 };

describe('Go rs/cors, gin-contrib/cors and net/http: the model predicts what the real server sends', function () {
  this.timeout(300_000);
  let binary = '';
  before(async () => {
    await initSources();
    binary = await buildApps(FIXTURES);
  });
  after(() => {
    if (binary) removeBuild(binary);
    console.log(`      Go oracle: ${tally.apps} apps, ${tally.agreed}/${tally.probes} probes agree`);
  });

  // support-*.go hold the program's main and routes, no CORS of their own.
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.go') && !f.startsWith('support-')).sort();
  it('has at least 10 fixture apps over the three frameworks', () => {
    assert.ok(files.length >= 10, `only ${files.length} fixture apps`);
    for (const prefix of ['rscors-', 'gin-', 'http-']) assert.ok(files.some((f) => f.startsWith(prefix)), `no ${prefix}* app`);
  });

  for (const name of files) {
    it(name, async () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const result = analyzeFiles([file], { trustedOrigins: [], root: FIXTURES });
      const policies = (result.policies as CorsPolicy[]).filter((p) => p.at.file === file);
      assert.equal(policies.length, 1, `expected one policy in ${name}, got ${policies.map((p) => p.label).join('; ') || 'none'}`);
      const app = await startGoApp(binary, name.replace(/\.go$/, ''));
      tally.apps++;
      const failures: string[] = [];
      try {
        for (const p of probesFor(text, DEFAULT_PATHS)) {
          const real = await probe({ port: app.port, method: p.method, path: p.path, headers: p.headers });
          const problems = disagreements(policies[0], p, real, APP_STATUS[p.path]);
          tally.probes++;
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
