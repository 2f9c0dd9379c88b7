import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { runAnalysis, type AnalyzeOptions } from '../../../server/src/engine/run-analysis';
import type { Rule } from '../../../server/src/rules/rule';
import { fakeRules, fakeSource, throwingRule } from './support/fake-source';
import { removeTree, tempTree } from './support/temp-tree';

describe('runAnalysis', () => {
  let root: string;
  afterEach(() => removeTree(root));

  const run = (paths: string[], options: AnalyzeOptions = {}, rules: Rule[] = fakeRules, sources = [fakeSource()]) =>
    runAnalysis(paths, { root, ...options }, { sources, rules, host: createNodeFileHost() });
  const summary = (r: ReturnType<typeof run>) =>
    r.findings.map((f) => `${path.relative(root, f.span.file)}:${f.span.range.start.line + 1}:${f.span.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`);

  it('runs the source, then every rule, filling message templates and default severities', () => {
    root = tempTree({ 'a.fake': 'policy one\n  policy two\nbroken here' });
    const r = run([root]);
    assert.deepEqual(summary(r), [
      'a.fake:1:1 warning flag-policy Policy one is flagged',
      'a.fake:2:3 warning flag-policy Policy two is flagged',
      'a.fake:2:3 info second-rule Two seen',
      'a.fake:3:1 error syntax-error broken line',
    ]);
    assert.equal(r.policies.length, 2);
    assert.deepEqual(r.files, [path.join(root, 'a.fake')]);
    assert.equal(r.sources.length, 1);
    assert.equal(r.findings[0].messageId, 'flagged');
    assert.deepEqual(r.findings[0].data, { name: 'one' });
  });

  it('lets a source release what it holds once its rules have run, and only then', () => {
    root = tempTree({ 'a.fake': 'policy one\n' });
    const events: string[] = [];
    const base = fakeSource();
    const source = { ...base, analyze: (files: string[], host: Parameters<typeof base.analyze>[1]) => ({ ...base.analyze(files, host), release: () => void events.push('release') }) };
    const rule: Rule = { meta: { ...fakeRules[0].meta, id: 'watching' }, check: () => void events.push('rule') };
    run([root], {}, [rule], [source]);
    assert.deepEqual(events, ['rule', 'release']);
  });

  it('merges the include edges of every source', () => {
    root = tempTree({ 'a.fake': 'include b.fake\ninclude b.fake\ninclude sub/c.fake', 'x.other': 'include a.fake' });
    const r = run([root], {}, fakeRules, [fakeSource(), fakeSource('other')]);
    assert.deepEqual([...r.includes].map(([from, to]) => [path.relative(root, from), to.map((t) => path.relative(root, t))]), [
      ['a.fake', ['b.fake', path.join('sub', 'c.fake')]],
      ['x.other', ['a.fake']],
    ]);
  });

  it('applies user severities and drops rules turned off, reserved ids included', () => {
    root = tempTree({ 'a.fake': 'policy one\npolicy two\nbroken' });
    const r = run([root], { ruleSeverities: { 'flag-policy': 'error', 'second-rule': 'off', 'syntax-error': 'off' } });
    assert.deepEqual(summary(r), ['a.fake:1:1 error flag-policy Policy one is flagged', 'a.fake:2:1 error flag-policy Policy two is flagged']);
  });

  it('honours disable-next-line for the listed ids only', () => {
    root = tempTree({ 'a.fake': '# cors-preflight-disable-next-line second-rule\npolicy two\n# cors-preflight-disable-next-line\npolicy two-again\npolicy three' });
    assert.deepEqual(summary(run([root])), [
      'a.fake:2:1 warning flag-policy Policy two is flagged',
      'a.fake:5:1 warning flag-policy Policy three is flagged',
    ]);
  });

  it('honours file-wide disable with a list of ids, and with no ids at all', () => {
    root = tempTree({
      'a.fake': 'policy two\n# cors-preflight-disable flag-policy, second-rule -- reviewed\npolicy other',
      'b.fake': 'policy b\nbroken\n# cors-preflight-disable',
      'c.fake': 'policy c',
    });
    assert.deepEqual(summary(run([root])), ['c.fake:1:1 warning flag-policy Policy c is flagged']);
  });

  it('reports an unknown id in a suppression at that id, and still applies the known ones', () => {
    root = tempTree({ 'a.fake': 'policy x  # cors-preflight-disable flag-policy,  no-such-rule\n' });
    const r = run([root]);
    assert.deepEqual(summary(r), ['a.fake:1:50 warning unknown-suppression Unknown rule id "no-such-rule" in a suppression comment: it suppresses nothing']);
    const range = r.findings[0].span.range;
    assert.deepEqual([range.start.character, range.end.character, range.start.offset, range.end.offset], [49, 61, 49, 61]);
  });

  it('finds `//` suppressions in code files even where the source reports no comments', () => {
    root = tempTree({ 'app.code': 'policy one\n// cors-preflight-disable-next-line flag-policy\npolicy two\n' });
    const code = fakeSource('code', { commentStyle: 'none' });
    const r = run([root], {}, fakeRules, [code]);
    assert.deepEqual(summary(r), ['app.code:1:1 warning flag-policy Policy one is flagged', 'app.code:3:1 info second-rule Two seen']);
  });

  it('does not read `//` as a comment in configuration sources', () => {
    root = tempTree({ 'a.nginx': 'policy one\n// cors-preflight-disable\n' });
    const r = run([root], {}, fakeRules, [fakeSource('nginx', { commentStyle: 'none' })]);
    assert.deepEqual(summary(r), ['a.nginx:1:1 warning flag-policy Policy one is flagged']);
  });

  it('orders findings the same whatever order paths come in, and drops exact duplicates', () => {
    root = tempTree({ 'b.fake': 'policy b1\npolicy b2', 'a.fake': 'policy a', 'c/d.fake': 'policy d' });
    const dup: Rule = { meta: { ...fakeRules[0].meta, id: 'dup' }, check: (ctx) => ctx.policies.forEach((p) => [1, 2].forEach(() => ctx.report({ messageId: 'x', span: p.at }))) };
    const one = run([path.join(root, 'c'), path.join(root, 'b.fake'), path.join(root, 'a.fake')], {}, [dup, ...fakeRules]);
    const two = run([root], {}, [...fakeRules, dup]);
    assert.deepEqual(summary(one), summary(two));
    assert.equal(one.findings.filter((f) => f.ruleId === 'dup').length, 4);
    assert.deepEqual(one.policies.map((p) => p.label), ['a', 'b1', 'b2', 'd']);
  });

  it('turns a failing rule into a finding and keeps the other rules', () => {
    root = tempTree({ 'a.fake': 'policy one' });
    assert.deepEqual(summary(run([root], {}, [throwingRule, ...fakeRules])), [
      'a.fake:1:1 warning flag-policy Policy one is flagged',
      'a.fake:1:1 error throwing-rule The rule throwing-rule failed on this configuration (rule exploded); its findings are missing',
    ]);
  });

  it('turns a failing source into a finding per file and keeps the other sources', () => {
    root = tempTree({ 'a.bad': '', 'b.fake': 'policy ok' });
    const r = run([root], {}, fakeRules, [fakeSource('bad', { throws: true }), fakeSource()]);
    assert.deepEqual(summary(r), [
      'a.bad:1:1 error unreadable-input The bad analyser failed on these files (fake source exploded); they were not checked',
      'b.fake:1:1 warning flag-policy Policy ok is flagged',
    ]);
  });
});
