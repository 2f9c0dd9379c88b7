import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { disagreements, probesFor } from '../../support/framework-probes';
import { probe } from '../../support/http-probe';
import { compileApps, startSpringApp } from './spring-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/java');

/** Every fixture app answers `/ok` with 200; the model leaves that status to the app. */
const APP_STATUS: Record<string, number> = { '/ok': 200 };
const tally = { apps: 0, probes: 0, agreed: 0 };

/**
 * Real Spring MVC (Debian's 4.3.30, the version the fixtures' pom.xml names)
 * behind Jetty on 127.0.0.1: the model, reading that version from pom.xml,
 * must predict each status and every Access-Control-* and Vary line.
 */
describe('Spring MVC: the model predicts what the real server sends', function () {
  this.timeout(600_000);
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.java')).sort();
  let classes = '';
  before(async () => {
    await initSources();
    classes = compileApps(files.map((f) => path.join(FIXTURES, f)));
  });
  after(() => console.log(`      Spring oracle: ${tally.apps} apps, ${tally.agreed}/${tally.probes} probes agree`));

  it('has at least 6 fixture apps', () => assert.ok(files.length >= 6, `only ${files.length} fixture apps`));

  for (const name of files) {
    it(name, async () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const result = analyzeFiles([file], { trustedOrigins: [], root: FIXTURES });
      const policies = (result.policies as CorsPolicy[]).filter((p) => p.at.file === file);
      assert.equal(policies.length, 1, `expected one policy in ${name}, got ${policies.map((p) => p.label).join('; ') || 'none'}`);
      const app = await startSpringApp(classes, name.replace(/\.java$/, ''));
      tally.apps++;
      const failures: string[] = [];
      try {
        for (const p of probesFor(text, Object.keys(APP_STATUS))) {
          const real = await probe({ port: app.port, method: p.method, path: p.path, headers: p.headers });
          tally.probes++;
          const problems = disagreements(policies[0], p, real, APP_STATUS[p.path]);
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
