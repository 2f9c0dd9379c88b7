import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initSources } from '../../../../server/src/engine/analyze';
import { assertAppAgrees, onlyPolicy } from '../../support/app-oracle';
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
      const policy = onlyPolicy(file, FIXTURES);
      const app = await startPhpApp(file);
      tally.apps++;
      try {
        await assertAppAgrees({ text, port: app.port, tally, policyFor: () => policy, paths: DEFAULT_PATHS, appStatus });
      } finally {
        await app.stop();
      }
    });
  }
});
