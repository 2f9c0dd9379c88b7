import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { disagreements, probesFor } from '../../support/framework-probes';
import { probe } from '../../support/http-probe';
import { checkPhp, startPhpApp } from './php-app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/php');
const DEFAULT_PATHS = ['/ok', '/missing', '/boom'];

/** The fixture routes (`_routes.php`) answer by the end of the path, whatever the method. */
function appStatus(p: string): number {
  return p.endsWith('/missing') ? 404 : p.endsWith('/boom') ? 500 : 200;
}

export const tally = { apps: 0, probes: 0, agreed: 0 };

describe('PHP header() scripts: the model predicts what the real server sends', function () {
  this.timeout(300_000);
  before(async () => {
    checkPhp();
    await initSources();
  });
  after(() => {
    console.log(`      PHP oracle: ${tally.apps} apps, ${tally.agreed}/${tally.probes} probes agree`);
  });

  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.php') && !f.startsWith('_')).sort();
  it('has at least 5 fixture apps', () => assert.ok(files.length >= 5, `only ${files.length} fixture apps`));

  for (const name of files) {
    it(name, async () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const result = analyzeFiles([file], { trustedOrigins: [], root: FIXTURES });
      const policies = (result.policies as CorsPolicy[]).filter((p) => p.at.file === file);
      assert.equal(policies.length, 1, `expected one policy in ${name}, got ${policies.map((p) => p.label).join('; ') || 'none'}`);
      const app = await startPhpApp(file);
      tally.apps++;
      const failures: string[] = [];
      try {
        for (const p of probesFor(text, DEFAULT_PATHS)) {
          const real = await probe({ port: app.port, method: p.method, path: p.path, headers: p.headers });
          tally.probes++;
          const problems = disagreements(policies[0], p, real, appStatus(p.path));
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
