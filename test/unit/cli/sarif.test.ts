import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { runCheck } from '../../../server/src/cli/check';
import { memoryIo } from '../../../server/src/cli/io';
import { formatSarif } from '../../../server/src/cli/sarif';
import type { Finding } from '../../../server/src/core/finding';
import { removeTree, tempTree } from '../engine/support/temp-tree';
import { fakeEngine } from './fake-engine';
import { sarifValidator } from './support/sarif-validator';

describe('SARIF output', () => {
  let root: string | undefined;
  afterEach(() => {
    removeTree(root);
    root = undefined;
  });
  const validate = sarifValidator();

  it('rejects a broken log, so the validation below means something', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', informationUri: 'not a uri' } }, results: [] }] }), false);
    const region = { startLine: 0, startColumn: 1 };
    const result = { message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region } }] };
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [result] }] }), false);
    region.startLine = 1;
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [result] }] }), true);
  });

  it('validates against the SARIF 2.1.0 schema and points results at rules and root-relative files', async () => {
    root = tempTree({ 'conf d/a.fake': 'policy one\n  policy two\n', 'b.fake': 'broken\n' });
    const io = memoryIo(root!);
    assert.equal(await runCheck(['--format', 'sarif'], io, fakeEngine()), 1);
    const log = JSON.parse(io.out);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    const run = log.runs[0];
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'cors-preflight');
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(root!).href + '/');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.deepEqual(ids, ['flag-policy', 'second-rule', 'syntax-error', 'include-error', 'unreadable-input', 'unknown-suppression']);
    for (const rule of run.tool.driver.rules) {
      assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}\\.md$`));
      assert.ok(rule.shortDescription.text && rule.fullDescription.text);
    }
    assert.equal(run.tool.driver.rules[0].defaultConfiguration.level, 'warning');
    assert.deepEqual(
      run.results.map((r: any) => [r.ruleId, ids[r.ruleIndex], r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region]),
      [
        ['syntax-error', 'syntax-error', 'error', 'b.fake', { startLine: 1, startColumn: 1, endLine: 1, endColumn: 7 }],
        ['flag-policy', 'flag-policy', 'warning', 'conf%20d/a.fake', { startLine: 1, startColumn: 1, endLine: 1, endColumn: 11 }],
        ['flag-policy', 'flag-policy', 'warning', 'conf%20d/a.fake', { startLine: 2, startColumn: 3, endLine: 2, endColumn: 13 }],
        ['second-rule', 'second-rule', 'note', 'conf%20d/a.fake', { startLine: 2, startColumn: 3, endLine: 2, endColumn: 13 }],
      ],
    );
    for (const r of run.results) assert.equal(r.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  });

  it('carries related locations, and files outside the root as absolute URIs', () => {
    const span = (file: string, line: number) => ({ file, range: { start: { line, character: 0, offset: 0 }, end: { line, character: 4, offset: 4 } } });
    const finding: Finding = {
      ruleId: 'add-header-inheritance',
      severity: 'error',
      messageId: 'dropped',
      data: {},
      message: 'dropped',
      span: span('/srv/app/site.conf', 9),
      related: [{ span: span('/etc/nginx/snippets/cors.conf', 2), message: 'the header it drops' }],
      fixes: [
        { title: 'Repeat the headers', edits: [{ file: '/srv/app/site.conf', start: 120, end: 120, newText: 'add_header Vary Origin always;\n' }], safe: true },
        { title: 'Allow a list', edits: [{ file: '/etc/nginx/snippets/cors.conf', start: 4, end: 16, newText: '$cors_origin' }], safe: false },
      ],
    };
    const text = formatSarif({ root: '/srv/app', findings: [finding], files: ['/srv/app/site.conf'], rules: [], version: '1.2.3' });
    const log = JSON.parse(text);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    const result = log.runs[0].results[0];
    assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, 'add-header-inheritance');
    assert.deepEqual(result.relatedLocations[0].physicalLocation.artifactLocation, { uri: 'file:///etc/nginx/snippets/cors.conf' });
    assert.equal(result.relatedLocations[0].message.text, 'the header it drops');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'site.conf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(result.fixes, [
      {
        description: { text: 'Repeat the headers' },
        artifactChanges: [{ artifactLocation: { uri: 'site.conf', uriBaseId: '%SRCROOT%' }, replacements: [{ deletedRegion: { charOffset: 120, charLength: 0 }, insertedContent: { text: 'add_header Vary Origin always;\n' } }] }],
      },
      {
        description: { text: 'Allow a list (suggestion: review before applying)' },
        artifactChanges: [{ artifactLocation: { uri: 'file:///etc/nginx/snippets/cors.conf' }, replacements: [{ deletedRegion: { charOffset: 4, charLength: 12 }, insertedContent: { text: '$cors_origin' } }] }],
      },
    ]);
  });
});
