import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initSources } from '../../../../server/src/engine/analyze';
import { assertAppAgrees, onlyPolicy } from '../../support/app-oracle';
import { startApp } from './app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/js');

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
      const policy = onlyPolicy(file, FIXTURES);
      const app = await startApp(file);
      tally.apps++;
      try {
        await assertAppAgrees({ text, port: app.port, tally, policyFor: () => policy });
      } finally {
        await app.stop();
      }
    });
  }
});
