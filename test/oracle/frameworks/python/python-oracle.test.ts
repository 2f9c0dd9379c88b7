import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initSources } from '../../../../server/src/engine/analyze';
import { assertAppAgrees, onlyPolicy } from '../../support/app-oracle';
import { checkPython, PYTHON_PACKAGES, startPythonApp } from './python-app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/python');

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
      const policy = onlyPolicy(file, FIXTURES);
      const app = await startPythonApp(file);
      tally.apps++;
      try {
        await assertAppAgrees({ text, port: app.port, tally, policyFor: () => policy });
      } finally {
        await app.stop();
      }
    });
  }
});
