import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFiles, type AnalysisResult } from '../../../server/src/engine/analyze';
import { removeTree, tempTree } from './support/temp-tree';

/**
 * Apache configurations whose files include each other in a loop, with no file
 * outside the loop to start from: checking the folder must report what
 * checking the main file reports, the cycle and the CORS findings alike.
 */
describe('Apache include cycles without an outside entry point', function () {
  this.timeout(60_000);
  let root: string | undefined;
  afterEach(() => {
    removeTree(root);
    root = undefined;
  });

  const ACAO = 'Header set Access-Control-Allow-Origin "*"\n';
  const analyze = (paths: string[]): AnalysisResult => analyzeFiles(paths.map((p) => path.join(root!, p)), { root });
  const shown = (r: AnalysisResult): string[] =>
    r.findings.map((f) => `${f.ruleId} ${path.relative(root!, f.span.file)}:${f.span.range.start.line + 1}:${f.span.range.start.character + 1} ${f.message}`);

  it('two files: the folder reports the cycle and the findings as naming httpd.conf does', () => {
    root = tempTree({ 'httpd.conf': 'Include a.conf\n', 'a.conf': `Include httpd.conf\n${ACAO}` });
    const folder = analyze(['.']);
    const named = analyze(['httpd.conf']);
    const cycles = folder.findings.filter((f) => f.ruleId === 'include-error');
    assert.equal(cycles.length, 1, shown(folder).join('\n'));
    assert.match(cycles[0].message, /include cycle: httpd\.conf → a\.conf → httpd\.conf/);
    assert.equal(path.basename(cycles[0].span.file), 'a.conf');
    assert.equal(cycles[0].span.range.start.line, 0);
    const cors = folder.findings.filter((f) => f.ruleId !== 'include-error');
    assert.ok(cors.length > 0, 'the header in a.conf is analysed');
    assert.ok(cors.every((f) => path.basename(f.span.file) === 'a.conf' && f.span.range.start.line === 1), shown(folder).join('\n'));
    assert.deepEqual(shown(folder), shown(named));
    assert.equal(folder.files.length, 2);
  });

  it('three files: one cycle finding, every header analysed once, the same as naming httpd.conf', () => {
    root = tempTree({
      'httpd.conf': 'Include a.conf\n',
      'a.conf': 'Include b.conf\n',
      'b.conf': `Include httpd.conf\n${ACAO}Header set Access-Control-Allow-Credentials "true"\n`,
    });
    const folder = analyze(['.']);
    const cycles = folder.findings.filter((f) => f.ruleId === 'include-error');
    assert.equal(cycles.length, 1, shown(folder).join('\n'));
    assert.match(cycles[0].message, /httpd\.conf → a\.conf → b\.conf → httpd\.conf/);
    assert.equal(path.basename(cycles[0].span.file), 'b.conf');
    const wildcard = folder.findings.filter((f) => f.ruleId === 'credentials-with-wildcard-origin');
    assert.equal(wildcard.length, 1, shown(folder).join('\n'));
    assert.deepEqual(shown(folder), shown(analyze(['httpd.conf'])));
  });

  it('a cycle without a main file name is still analysed, from the first file by name', () => {
    root = tempTree({ 'sites/b.conf': 'Include c.conf\n', 'sites/c.conf': `Include b.conf\n${ACAO}` });
    const folder = analyze(['.']);
    assert.equal(folder.findings.filter((f) => f.ruleId === 'include-error').length, 1, shown(folder).join('\n'));
    assert.ok(folder.findings.some((f) => f.ruleId !== 'include-error' && path.basename(f.span.file) === 'c.conf'), shown(folder).join('\n'));
    assert.deepEqual(shown(folder), shown(analyze(['sites/b.conf'])));
  });

  it('a linked copy of an included site is still analysed once, not as a root of its own', () => {
    root = tempTree({
      'apache2.conf': 'IncludeOptional sites-enabled/*.conf\n',
      'sites-enabled/app.conf': `<VirtualHost *:80>\n${ACAO}</VirtualHost>\n`,
      'sites-available/app.conf': `<VirtualHost *:80>\n${ACAO}</VirtualHost>\n`,
    });
    const folder = analyze(['.']);
    const cors = folder.findings.filter((f) => f.ruleId === 'headers-missing-on-error-responses');
    assert.equal(cors.length, 1, shown(folder).join('\n'));
  });
});
