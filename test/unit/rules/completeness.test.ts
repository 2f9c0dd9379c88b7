import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, ruleById } from '../../../server/src/rules/index';
import { DOCS_ROOT, RULES_INDEX, RULES_ROOT, catalogueIds, catalogueSeverity, fixturesOf, tableIds } from './support/fixtures';

/** Files in the rules folder that are not rules. */
const NOT_RULES = new Set(['index.ts', 'rule.ts']);

describe('rule completeness', () => {
  const ids = catalogueIds();

  it('reads the seventeen ids of the catalogue', () => {
    assert.equal(ids.length, 17);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('indexes every rule in docs/rules/README.md, in the catalogue order', () => {
    assert.deepEqual(tableIds(RULES_INDEX), ids);
  });

  it('registers exactly the catalogue, in its order', () => {
    assert.deepEqual(allRules.map((r) => r.meta.id), ids);
  });

  it('has no rule file the catalogue does not list', () => {
    const files = fs.readdirSync(RULES_ROOT).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f));
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), [...ids].sort());
  });

  for (const id of ids) {
    describe(id, () => {
      const rule = ruleById(id);

      it('has a rule file exporting `rule` with this id', () => {
        const file = path.join(RULES_ROOT, `${id}.ts`);
        assert.ok(fs.existsSync(file), `missing ${file}`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(file) as { rule?: { meta: { id: string } } };
        assert.equal(mod.rule?.meta.id, id);
        assert.equal(rule, mod.rule);
      });

      it('has complete metadata', () => {
        assert.ok(rule, 'not registered');
        assert.ok(rule.meta.description.length > 10);
        assert.ok(Object.keys(rule.meta.messages).length > 0);
        for (const [messageId, text] of Object.entries(rule.meta.messages)) {
          assert.ok(text.trim().length > 0, `${messageId} is empty`);
        }
      });

      it('has the severities the catalogue gives', () => {
        assert.ok(rule, 'not registered');
        assert.deepEqual(
          { default: rule.meta.defaultSeverity, credentialed: rule.meta.credentialedSeverity ?? rule.meta.defaultSeverity },
          catalogueSeverity(id),
        );
      });

      it('has a docs page naming it', () => {
        const file = path.join(DOCS_ROOT, `${id}.md`);
        assert.ok(fs.existsSync(file), `missing ${file}`);
        const text = fs.readFileSync(file, 'utf8');
        assert.ok(text.startsWith(`# ${id}\n`), 'the page must start with `# <id>`');
        assert.ok(text.includes(`cors-preflight-disable-next-line ${id}`), 'the page must show how to suppress it');
        const saysFixable = /\*\*Fixable/.test(text);
        const saysNotFixable = /Not fixable/.test(text);
        assert.equal(saysFixable && !saysNotFixable, rule?.meta.fixable, 'the page must say whether the rule is fixable, as its metadata does');
      });

      it('has fixtures that fire and fixtures that stay silent', () => {
        const fires = fixturesOf(id, 'fires');
        assert.ok(fires.length > 0, 'no fires fixture');
        assert.ok(fixturesOf(id, 'silent').length > 0, 'no silent fixture');
        for (const f of fires) {
          assert.ok(f.expected, `${f.file} has no .expected.json`);
          assert.ok(f.expected.findings.some((x) => x.ruleId === id), `${f.file} expects no ${id} finding`);
        }
      });

      if (rule?.meta.fixable) {
        it('has a fixed output for a fires fixture', () => {
          assert.ok(fixturesOf(id, 'fires').some((f) => f.fixedFile), 'a fixable rule needs at least one *.fixed.* fixture');
        });
      }
    });
  }
});
