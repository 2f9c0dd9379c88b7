import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCheck } from '../../../server/src/cli/check';
import { memoryIo } from '../../../server/src/cli/io';
import { removeTree, tempTree } from '../engine/support/temp-tree';
import { fakeEngine } from './fake-engine';

describe('cors-preflight check', () => {
  let root: string;
  afterEach(() => removeTree(root));

  const check = async (argv: string[]) => {
    const io = memoryIo(root);
    const code = await runCheck(argv, io, fakeEngine());
    return { code, out: io.out, err: io.err };
  };

  const workspace = () =>
    tempTree({
      'conf/a.fake': 'policy one\n  policy two\n',
      'conf/b.fake': '# cors-preflight-disable-next-line flag-policy\npolicy hidden\n',
      'clean/c.fake': '# nothing here\n',
    });

  describe('exit codes', () => {
    it('is 0 when nothing reaches the failing severity, 1 when something does', async () => {
      root = workspace();
      assert.equal((await check(['clean'])).code, 0);
      assert.equal((await check(['conf'])).code, 1, 'warnings fail by default');
      assert.equal((await check(['conf', '--severity', 'error'])).code, 0);
      assert.equal((await check(['conf', '--severity=error', '--rule', 'flag-policy=error'])).code, 1);
      assert.equal((await check(['conf', '--rule', 'flag-policy=info', '--severity', 'warning'])).code, 0);
      assert.equal((await check(['conf', '--rule', 'flag-policy=info', '--severity', 'info'])).code, 1);
    });

    it('is 2 with a message on stderr for usage mistakes', async () => {
      root = workspace();
      const cases: [string[], RegExp][] = [
        [['--bogus'], /Unknown option --bogus/],
        [['--format', 'xml'], /--format must be one of stylish, json, sarif/],
        [['--format'], /--format needs a value/],
        [['--severity', 'fatal'], /--severity must be one of/],
        [['--rule', 'no-such-rule=off'], /unknown rule id "no-such-rule"/],
        [['--rule', 'flag-policy=loud'], /severity must be one of/],
        [['--rule', 'flag-policy'], /--rule must look like/],
        [['--trusted-origin', 'example.com'], /must be an origin/],
        [['missing-folder'], /No such file or folder: missing-folder/],
        [['conf', '--output', 'conf'], /is a folder/],
        [['--quiet=yes'], /--quiet takes no value/],
      ];
      for (const [argv, message] of cases) {
        const r = await check(argv);
        assert.equal(r.code, 2, argv.join(' '));
        assert.match(r.err, message, argv.join(' '));
        assert.equal(r.out, '', argv.join(' '));
      }
    });

    it('is 2 and says so when the analysis itself fails', async () => {
      root = workspace();
      const io = memoryIo(root);
      const engine = { ...fakeEngine(), analyze: () => { throw new Error('boom'); } };
      assert.equal(await runCheck([], io, engine), 2);
      assert.match(io.err, /internal error: Error: boom/);
    });
  });

  it('checks the current folder when no path is given', async () => {
    root = workspace();
    const r = await check(['--format', 'json']);
    assert.deepEqual(JSON.parse(r.out).files, ['clean/c.fake', 'conf/a.fake', 'conf/b.fake']);
  });

  it('prints stylish output with relative paths, aligned positions and a summary', async () => {
    root = workspace();
    const r = await check(['conf']);
    assert.equal(
      r.out,
      [
        '',
        'conf/a.fake',
        '  1:1  warning  Policy one is flagged  flag-policy',
        '  2:3  warning  Policy two is flagged  flag-policy',
        '  2:3  info     Two seen  second-rule',
        '',
        '✖ 3 problems (0 errors, 2 warnings, 1 info)',
        '',
      ].join('\n'),
    );
    assert.equal((await check(['clean'])).out, '✔ No CORS problems found (1 file checked)\n');
  });

  it('prints only failing findings with --quiet', async () => {
    root = workspace();
    const r = await check(['conf', '--quiet', '--severity', 'warning']);
    assert.doesNotMatch(r.out, /second-rule/);
    assert.match(r.out, /2 problems/);
    assert.equal((await check(['clean', '-q'])).out, '');
  });

  it('prints JSON with 1-based positions, relative files and the fixes available', async () => {
    root = workspace();
    const json = JSON.parse((await check(['conf', '-f', 'json'])).out);
    assert.equal(json.version, 1);
    assert.equal(json.tool.name, 'cors-preflight');
    assert.deepEqual(json.summary, { files: 2, findings: 3, errors: 0, warnings: 2, infos: 1 });
    assert.deepEqual(json.findings[1], {
      file: 'conf/a.fake',
      line: 2,
      column: 3,
      endLine: 2,
      endColumn: 13,
      rule: 'flag-policy',
      severity: 'warning',
      message: 'Policy two is flagged',
      messageId: 'flagged',
      data: { name: 'two' },
      related: [],
      fixes: [],
    });
  });

  it('gives the same output twice and whatever the order of the paths', async () => {
    root = tempTree({ 'z/a.fake': 'policy z', 'a/b.fake': 'policy a\npolicy two', 'm.fake': 'policy m' });
    for (const format of ['stylish', 'json', 'sarif']) {
      const one = await check(['z', 'm.fake', 'a', '-f', format]);
      const two = await check(['a', 'z', 'm.fake', '-f', format]);
      const three = await check(['-f', format, 'm.fake', 'a', 'z']);
      assert.equal(one.out, two.out, format);
      assert.equal(one.out, three.out, format);
    }
  });

  it('writes the report to --output and nothing to stdout', async () => {
    root = workspace();
    const r = await check(['conf', '--output', 'reports/out.json', '--format', 'json']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'reports/out.json'), 'utf8')).findings.length, 3);
  });

  it('says why it cannot write --output, with exit 2 and no stack trace', async () => {
    root = workspace();
    fs.writeFileSync(path.join(root, 'taken'), 'a file, not a folder');
    const r = await check(['conf', '--output', 'taken/out.json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot write the report to taken\/out\.json: a part of the path is a file, not a folder/);
    assert.doesNotMatch(r.err, /internal error|\n\s+at /);
  });

  it('answers --help and --version without analysing', async () => {
    root = workspace();
    const help = await check(['--help', 'missing-folder']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: cors-preflight check/);
    const version = await check(['--version']);
    assert.match(version.out, /^\d+\.\d+\.\d+/);
  });
});

describe('cors-preflight check colours', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('colours stylish output for a terminal only, never in a file', async () => {
    root = tempTree({ 'a.fake': 'policy one\n' });
    const plain = memoryIo(root);
    await runCheck([], plain, fakeEngine());
    const coloured = memoryIo(root);
    coloured.color = true;
    await runCheck([], coloured, fakeEngine());
    assert.match(coloured.out, /\u001b\[33mwarning/);
    assert.equal(coloured.out.replace(/\u001b\[\d+m/g, ''), plain.out);
    await runCheck(['--output', 'out.txt'], coloured, fakeEngine());
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'out.txt'), 'utf8'), /\u001b/);
  });
});
