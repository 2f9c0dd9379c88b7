import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { disagreements, probesFor } from '../../support/framework-probes';
import { probe } from '../../support/http-probe';
import { checkPython, PYTHON_PACKAGES, startPythonApp } from './python-app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/python');

/**
 * Every fixture app answers these paths, whatever the method: a route (200), an
 * unrouted path (the framework's 404), a route that raises (500). Where the
 * model says the app decides the status, this is the app's decision.
 */
const APP_STATUS: Record<string, number> = { '/ok': 200, '/missing': 404, '/boom': 500 };
const DEFAULT_PATHS = Object.keys(APP_STATUS);

/** The top-level modules an app imports, so a missing package fails with its Debian name. */
function importedModules(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^\s*(?:from\s+([A-Za-z_][\w]*)[\w.]*\s+import|import\s+([A-Za-z_][\w]*))/gm)) {
    const name = m[1] ?? m[2]!;
    if (!name.startsWith('_')) out.add(name);
  }
  return [...out];
}

export const tally = { apps: 0, probes: 0, agreed: 0 };

describe('Python frameworks: the model predicts what the real server sends', function () {
  this.timeout(300_000);
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.py') && !f.startsWith('_')).sort();
  before(async () => {
    await initSources();
    const sources = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.py')).map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
    checkPython([...new Set(sources.flatMap(importedModules))].filter((m) => m in PYTHON_PACKAGES));
  });
  after(() => {
    console.log(`      Python oracle: ${tally.apps} apps, ${tally.agreed}/${tally.probes} probes agree`);
  });

  it('has at least 12 fixture apps', () => assert.ok(files.length >= 12, `only ${files.length} fixture apps`));

  for (const name of files) {
    it(name, async () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const result = analyzeFiles([file], { trustedOrigins: [], root: FIXTURES });
      const policies = (result.policies as CorsPolicy[]).filter((p) => p.at.file === file);
      assert.equal(policies.length, 1, `expected one policy in ${name}, got ${policies.map((p) => p.label).join('; ') || 'none'}`);
      const policy = policies[0];
      const app = await startPythonApp(file);
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
