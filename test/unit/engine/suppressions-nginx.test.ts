import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFiles } from '../../../server/src/engine/analyze';
import { removeTree, tempTree } from './support/temp-tree';

/** Suppression comments in real nginx files, read through the nginx source's own comment list. */
describe('suppressions in nginx configurations', () => {
  let root: string;
  afterEach(() => removeTree(root));

  const server = (lines: string) => `events {}\nhttp {\n  server {\n    listen 8080;\n    location / {\n${lines}    }\n  }\n}\n`;
  const REFLECT = '      add_header Access-Control-Allow-Origin $http_origin always;\n      add_header Access-Control-Allow-Credentials true always;\n      add_header Vary Origin always;\n';
  const rules = (file: string) => analyzeFiles([path.join(root, file)], { root }).findings.map((f) => `${f.span.range.start.line + 1} ${f.ruleId}`);

  it('finds the reflection without a comment (so the cases below test the comments)', () => {
    root = tempTree({ 'nginx.conf': server(REFLECT) });
    assert.deepEqual(rules('nginx.conf'), ['6 reflected-origin']);
  });

  it('honours disable-next-line, and a trailing reason', () => {
    root = tempTree({ 'nginx.conf': server('      # cors-preflight-disable-next-line reflected-origin -- echo is checked upstream\n' + REFLECT) });
    assert.deepEqual(rules('nginx.conf'), []);
  });

  it('does not let a comment two lines up suppress anything', () => {
    root = tempTree({ 'nginx.conf': server('      # cors-preflight-disable-next-line reflected-origin\n\n' + REFLECT) });
    assert.deepEqual(rules('nginx.conf'), ['8 reflected-origin']);
  });

  it('honours a file-wide disable and reports a misspelt id at its place', () => {
    root = tempTree({ 'nginx.conf': '# cors-preflight-disable reflected-origin, reflected-orgin\n' + server(REFLECT) });
    const r = analyzeFiles([path.join(root, 'nginx.conf')], { root });
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.span.range.start.line, f.span.range.start.character, f.span.range.end.character]), [['unknown-suppression', 0, 43, 58]]);
    assert.match(r.findings[0].message, /reflected-orgin/);
  });

  it('reads suppressions in included files where the finding lands', () => {
    root = tempTree({
      'nginx.conf': server('      include snippets/cors.conf;\n'),
      'snippets/cors.conf': '# cors-preflight-disable-next-line reflected-origin\n' + REFLECT.replace(/^ +/gm, ''),
    });
    assert.deepEqual(rules('nginx.conf'), []);
  });

  it('ignores the directive text inside a quoted value', () => {
    root = tempTree({ 'nginx.conf': server('      add_header X-Note "# cors-preflight-disable" always;\n' + REFLECT) });
    assert.deepEqual(rules('nginx.conf'), ['7 reflected-origin']);
  });
});
