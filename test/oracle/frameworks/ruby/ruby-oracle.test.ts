import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { rackPathPattern } from '../../../../server/src/model/code/ruby/rack-paths';
import { rackTargets } from '../../../../server/src/model/code/ruby/rack-targets';
import { appPolicies, assertAppAgrees } from '../../support/app-oracle';
import { checkRuby, startRackApp } from './ruby-app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/ruby');
const DEFAULT_PATHS = ['/api/ok', '/api/missing', '/api/boom', '/other'];

/** The fixture app (`_app.rb`) answers by the end of the path, whatever the method. */
function appStatus(p: string): number {
  return p.endsWith('/missing') ? 404 : p.endsWith('/boom') ? 500 : 200;
}

/** The policy of the first resource whose path pattern matches, as rack-cors looks one up; none: no CORS at all. */
function policyFor(policies: CorsPolicy[], p: string): CorsPolicy | undefined {
  return policies.find((x) => {
    const resource = rackTargets.get(x)?.resource;
    return resource !== undefined && rackPathPattern(resource.path)?.test(p);
  });
}

export const tally = { apps: 0, probes: 0, agreed: 0 };

describe('Ruby rack-cors: the model predicts what the real server sends', function () {
  this.timeout(300_000);
  before(async () => {
    checkRuby();
    await initSources();
  });
  after(() => {
    console.log(`      Ruby oracle: ${tally.apps} apps, ${tally.agreed}/${tally.probes} probes agree`);
  });

  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.ru')).sort();
  it('has at least 8 fixture apps', () => assert.ok(files.length >= 8, `only ${files.length} fixture apps`));

  for (const name of files) {
    it(name, async () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const policies = appPolicies(file, FIXTURES);
      assert.ok(policies.length > 0, `expected policies in ${name}`);
      const startup = policies.flatMap((p) => p.notes ?? []).find((n) => n.kind === 'throws-at-startup');
      if (startup) {
        // The model says the app never starts: the real one must refuse too, for the reason named.
        await assert.rejects(startRackApp(file), /CorsMisconfigurationError|Allowing credentials for wildcard origins/);
        tally.apps++;
        return;
      }
      const app = await startRackApp(file);
      tally.apps++;
      try {
        await assertAppAgrees({ text, port: app.port, tally, policyFor: (p) => policyFor(policies, p.path), paths: DEFAULT_PATHS, appStatus });
      } finally {
        await app.stop();
      }
    });
  }
});
