import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFiles } from '../../../server/src/engine/analyze';
import { removeTree, tempTree } from './support/temp-tree';

/**
 * Suppression comments in Apache files, read through the Apache source's own
 * comment lists: in a `.htaccess` (analysed for its folder, and inside the
 * server that lets it in) and in a configuration with its includes.
 */
describe('suppressions in Apache configurations and .htaccess files', () => {
  let root: string | undefined;
  afterEach(() => {
    removeTree(root);
    root = undefined;
  });

  const ECHO = 'SetEnvIf Origin "^(.+)$" ECHO_ORIGIN=$1\nHeader always set Access-Control-Allow-Origin "%{ECHO_ORIGIN}e" env=ECHO_ORIGIN\nHeader always set Access-Control-Allow-Credentials "true"\nHeader always merge Vary Origin\n';
  const ONSUCCESS_NO_VARY = 'SetEnvIf Origin "^https://app\\.example\\.com$" CORS_ORIGIN=$0\nHeader set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN\n';
  const SERVER = 'DocumentRoot site\n<Directory site>\n    AllowOverride All\n    Require all granted\n</Directory>\n';
  // Some cases compare two trees; each replaces the one before.
  const tree = (files: Record<string, string>): void => {
    removeTree(root);
    root = tempTree(files);
  };
  const found = (paths: string[]): string[] =>
    analyzeFiles(paths.map((p) => path.join(root!, p)), { root }).findings.map((f) => `${path.relative(root!, f.span.file)}:${f.span.range.start.line + 1}:${f.span.range.start.character + 1} ${f.ruleId}`);

  describe('.htaccess', () => {
    it('finds the problems without a comment (so the cases below test the comments)', () => {
      tree({ 'site/.htaccess': ECHO });
      assert.deepEqual(found(['site/.htaccess']), ['site/.htaccess:1:1 reflected-origin']);
      tree({ 'site/.htaccess': ONSUCCESS_NO_VARY });
      assert.deepEqual(found(['site/.htaccess']), ['site/.htaccess:2:1 headers-missing-on-error-responses', 'site/.htaccess:2:1 missing-vary-origin']);
    });

    it('honours disable-next-line with one id, and a trailing reason', () => {
      tree({ 'site/.htaccess': `# cors-preflight-disable-next-line reflected-origin -- tokens, not cookies\n${ECHO}` });
      assert.deepEqual(found(['site/.htaccess']), []);
    });

    it('honours disable-next-line with two ids, and only on the next line', () => {
      const [setenv, header] = ONSUCCESS_NO_VARY.split('\n');
      tree({ 'site/.htaccess': `${setenv}\n# cors-preflight-disable-next-line headers-missing-on-error-responses, missing-vary-origin\n${header}\n` });
      assert.deepEqual(found(['site/.htaccess']), []);
      tree({ 'site/.htaccess': `# cors-preflight-disable-next-line headers-missing-on-error-responses, missing-vary-origin\n${setenv}\n${header}\n` });
      assert.deepEqual(found(['site/.htaccess']), ['site/.htaccess:3:1 headers-missing-on-error-responses', 'site/.htaccess:3:1 missing-vary-origin']);
    });

    it('honours a file-wide disable, for that id only', () => {
      tree({ 'site/.htaccess': `# cors-preflight-disable missing-vary-origin\n${ONSUCCESS_NO_VARY}` });
      assert.deepEqual(found(['site/.htaccess']), ['site/.htaccess:3:1 headers-missing-on-error-responses']);
    });

    it('reports an unknown id at its position, and still honours the known one', () => {
      tree({ 'site/.htaccess': `# cors-preflight-disable-next-line reflected-origin, reflected-orgin\n${ECHO}` });
      const r = analyzeFiles([path.join(root!, 'site/.htaccess')], { root });
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.span.range.start.line, f.span.range.start.character, f.span.range.end.character]), [['unknown-suppression', 0, 53, 68]]);
      assert.match(r.findings[0].message, /"reflected-orgin"/);
    });

    it('keeps working when the .htaccess is analysed inside the server that lets it in', () => {
      tree({ 'httpd.conf': SERVER, 'site/.htaccess': `# cors-preflight-disable-next-line reflected-origin\n${ECHO}` });
      assert.deepEqual(found(['.']), []);
      tree({ 'httpd.conf': SERVER, 'site/.htaccess': ECHO });
      assert.deepEqual(found(['.']), ['site/.htaccess:1:1 reflected-origin']);
    });
  });

  describe('.apache.conf and included files', () => {
    it('honours disable-next-line and a file-wide disable in the file itself', () => {
      tree({ 'api.apache.conf': `${SERVER}# cors-preflight-disable-next-line reflected-origin\n${ECHO}` });
      assert.deepEqual(found(['api.apache.conf']), []);
      tree({ 'api.apache.conf': `# cors-preflight-disable reflected-origin\n${SERVER}${ECHO}` });
      assert.deepEqual(found(['api.apache.conf']), []);
    });

    it('does not let a comment two lines up suppress anything', () => {
      tree({ 'api.apache.conf': `${SERVER}# cors-preflight-disable-next-line reflected-origin\n\n${ECHO}` });
      assert.deepEqual(found(['api.apache.conf']), ['api.apache.conf:8:1 reflected-origin']);
    });

    it('reads the suppression in the included file where the finding lands, not in the includer', () => {
      tree({ 'httpd.conf': `${SERVER}Include conf.d/cors.conf\n`, 'conf.d/cors.conf': `# cors-preflight-disable-next-line reflected-origin\n${ECHO}` });
      assert.deepEqual(found(['httpd.conf']), []);
      tree({ 'httpd.conf': `# cors-preflight-disable-next-line reflected-origin\nInclude conf.d/cors.conf\n${SERVER}`, 'conf.d/cors.conf': ECHO });
      assert.deepEqual(found(['httpd.conf']), ['conf.d/cors.conf:1:1 reflected-origin']);
    });

    it('ignores the directive text inside a quoted value', () => {
      tree({ 'api.apache.conf': `${SERVER}Header always set X-Note "# cors-preflight-disable reflected-origin"\n${ECHO}` });
      assert.deepEqual(found(['api.apache.conf']), ['api.apache.conf:7:1 reflected-origin']);
    });
  });
});
