import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../server/src/engine/analyze';
import { ruleById } from '../../../server/src/rules/index';

const ROOT = path.resolve(__dirname, '../../..');

/** Every configuration the repository holds (fixtures of all kinds, examples) goes through every rule without a crash. */
describe('rules on every configuration in the repository', () => {
  before(async function () {
    this.timeout(60000);
    await initSources();
  });

  it('never fail (a failing rule shows up as an internalError finding)', function () {
    this.timeout(60000);
    const result = analyzeFiles([path.join(ROOT, 'test/fixtures'), path.join(ROOT, 'examples')], { root: ROOT });
    assert.ok(result.policies.length > 100, `only ${result.policies.length} policies: the walk found too little to mean anything`);
    const failures = result.findings.filter((f) => f.messageId === 'internalError' && ruleById(f.ruleId));
    assert.deepEqual(failures.map((f) => `${f.ruleId}: ${f.message}`), []);
  });
});
