import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initSources } from '../../../../server/src/engine/analyze';
import { assertAppAgrees, onlyPolicy } from '../../support/app-oracle';
import { compileApps, startSpringApp } from './spring-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/java');

/** Every fixture app answers only `/ok` (200; the model leaves that status to the app). */
const SPRING_PATHS = ['/ok'];
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
      const policy = onlyPolicy(file, FIXTURES);
      const app = await startSpringApp(classes, name.replace(/\.java$/, ''));
      tally.apps++;
      try {
        await assertAppAgrees({ text, port: app.port, tally, policyFor: () => policy, paths: SPRING_PATHS });
      } finally {
        await app.stop();
      }
    });
  }
});
