import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCheck, type CheckEngine } from '../../../server/src/cli/check';
import { memoryIo } from '../../../server/src/cli/io';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { runAnalysis } from '../../../server/src/engine/run-analysis';
import type { Rule } from '../../../server/src/rules/rule';
import { fakeSource } from '../engine/support/fake-source';
import { removeTree, tempTree } from '../engine/support/temp-tree';

/** Renames policies a → b → c (one safe fix per step), `loop` to itself, and offers `unsafe` only a suggestion. */
const renameRule: Rule = {
  meta: { id: 'rename', description: 'renames', defaultSeverity: 'error', messages: { m: 'rename {{name}}' }, fixable: true },
  check(ctx) {
    const next: Record<string, string> = { a: 'b', b: 'c', loop: 'loop' };
    for (const p of ctx.policies) {
      const start = p.at.range.start.offset + 'policy '.length;
      const edit = (text: string) => [{ file: p.at.file, start, end: start + p.label.length, newText: text }];
      if (next[p.label]) ctx.report({ messageId: 'm', data: { name: p.label }, span: p.at, fixes: [{ title: 'rename', edits: edit(next[p.label]), safe: true }] });
      if (p.label === 'unsafe') ctx.report({ messageId: 'm', data: { name: p.label }, span: p.at, fixes: [{ title: 'maybe', edits: edit('safe'), safe: false }] });
    }
  },
};

const engine: CheckEngine = {
  init: async () => {},
  analyze: (paths, options) => runAnalysis(paths, options, { sources: [fakeSource()], rules: [renameRule], host: createNodeFileHost() }),
  rules: [renameRule.meta],
};

describe('cors-preflight check --fix', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('applies safe fixes over several passes, keeps a BOM, and reports only what is left', async () => {
    root = tempTree({ 'one.fake': 'policy a\npolicy unsafe\n', 'two.fake': Buffer.from('\uFEFFpolicy b\r\npolicy c\r\n') });
    const io = memoryIo(root);
    const code = await runCheck(['--fix', '--format', 'json'], io, engine);
    assert.equal(fs.readFileSync(path.join(root, 'one.fake'), 'utf8'), 'policy c\npolicy unsafe\n');
    assert.deepEqual([...fs.readFileSync(path.join(root, 'two.fake'))], [...Buffer.from('\uFEFFpolicy c\r\npolicy c\r\n')]);
    assert.equal(io.err, 'Applied 3 fixes in 2 files.\n');
    assert.deepEqual(JSON.parse(io.out).findings.map((f: { file: string; message: string }) => `${f.file} ${f.message}`), ['one.fake rename unsafe']);
    assert.equal(code, 1);
  });

  it('stops when fixes change nothing, and leaves files alone without --fix', async () => {
    root = tempTree({ 'loop.fake': 'policy loop\n', 'a.fake': 'policy a\n' });
    const io = memoryIo(root);
    assert.equal(await runCheck(['loop.fake', '--fix'], io, engine), 1);
    assert.equal(fs.readFileSync(path.join(root, 'loop.fake'), 'utf8'), 'policy loop\n');
    assert.equal(io.err, '');
    assert.equal(await runCheck(['a.fake'], memoryIo(root), engine), 1);
    assert.equal(fs.readFileSync(path.join(root, 'a.fake'), 'utf8'), 'policy a\n');
  });
});

describe('stylish summary of fixes', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('counts problems --fix can repair apart from those with suggestions only', async () => {
    root = tempTree({ 'a.fake': 'policy a\npolicy b\npolicy unsafe\n' });
    const io = memoryIo(root);
    await runCheck([], io, engine);
    assert.match(io.out, /\n {2}2 problems fixable with the `--fix` option\.\n {2}1 problem with suggested fixes in the editor\.\n$/);
  });
});
