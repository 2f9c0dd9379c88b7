import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SYNTAX_RULE_ID, type Finding } from '../../../server/src/core/finding';
import { analyzeFiles, initSources } from '../../../server/src/engine/analyze';
import { allRules } from '../../../server/src/rules/index';
import { applyEdits, fixturesOf, preferredFix, toExpected, type Fixture } from './support/fixtures';

function analyse(file: string, fixture: Fixture): Finding[] {
  return analyzeFiles([file], { trustedOrigins: fixture.expected?.options?.trustedOrigins ?? [], root: path.dirname(file) }).findings;
}

/** Compares what the reader of a test report needs: id, message, severity, exact range, fix titles. */
function comparable(findings: Finding[], caseFile: string): unknown[] {
  return findings.map((f) => toExpected(f, caseFile));
}

function withoutData<T extends { data?: unknown; related?: unknown }>(list: T[]): Omit<T, 'data' | 'related'>[] {
  return list.map(({ data: _data, related: _related, ...rest }) => rest);
}

function relatedOf(f: Finding, caseFile: string): { file?: string; line: number; column: number }[] {
  return f.related.map((r) => ({
    ...(r.span.file !== caseFile ? { file: path.basename(r.span.file) } : {}),
    line: r.span.range.start.line + 1,
    column: r.span.range.start.character + 1,
  }));
}

describe('rule fixtures through the real engine', () => {
  // Code fixtures need the parsers of the code source, which load asynchronously.
  before(async function () {
    this.timeout(60000);
    await initSources();
  });

  for (const rule of allRules) {
    const id = rule.meta.id;
    describe(id, () => {
      for (const fixture of fixturesOf(id, 'fires')) {
        const name = path.relative(path.resolve(fixture.file, '../../..'), fixture.file);
        it(`fires: ${name}`, () => {
          const findings = analyse(fixture.file, fixture);
          const expected = fixture.expected?.findings ?? [];
          assert.deepEqual(comparable(findings, fixture.file), withoutData(expected));
          for (const f of findings) assert.ok(!f.message.includes('{{'), `unfilled placeholder: ${f.message}`);
          for (const [i, e] of expected.entries()) {
            if (e.data) assert.deepEqual(findings[i].data, e.data, `data of finding ${i}`);
            if (e.related) assert.deepEqual(relatedOf(findings[i], fixture.file), e.related, `related information of finding ${i}`);
          }
        });

        if (fixture.fixedFile) {
          it(`fixes: ${name}`, () => {
            const findings = analyse(fixture.file, fixture).filter((f) => f.ruleId === id);
            const edits = findings.flatMap((f) => preferredFix(f)?.edits ?? []);
            assert.ok(edits.length > 0, 'no fix offered');
            assert.ok(edits.every((e) => e.file === fixture.file), 'fixes of a one-file fixture stay in that file');
            const fixed = applyEdits(fs.readFileSync(fixture.file, 'utf8'), edits);
            assert.equal(fixed, fs.readFileSync(fixture.fixedFile!, 'utf8'));

            // The fixed text, analysed again under the same name: the problem is gone and nothing broke.
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-fixed-'));
            try {
              const again = path.join(dir, path.basename(fixture.file));
              fs.writeFileSync(again, fixed);
              const after = analyse(again, fixture);
              assert.deepEqual(after.filter((f) => f.ruleId === id || f.ruleId === SYNTAX_RULE_ID).map((f) => toExpected(f)), []);
            } finally {
              fs.rmSync(dir, { recursive: true, force: true });
            }
          });
        }
      }

      for (const fixture of fixturesOf(id, 'silent')) {
        const name = path.relative(path.resolve(fixture.file, '../../..'), fixture.file);
        it(`stays silent: ${name}`, () => {
          const findings = analyse(fixture.file, fixture);
          assert.deepEqual(comparable(findings.filter((f) => f.ruleId === id), fixture.file), []);
          // Silent fixtures are correct configs: nothing else may fire unless the fixture says so.
          assert.deepEqual(comparable(findings, fixture.file), withoutData(fixture.expected?.findings ?? []));
        });
      }
    });
  }
});
