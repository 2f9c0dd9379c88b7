import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Fix } from '../../../server/src/core/finding';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import type { HeaderEmission } from '../../../server/src/model/cors-policy';
import { originAllowlistRegex } from '../../../server/src/fixes/apache-allowlist';
import { apacheSource } from '../../../server/src/sources/apache-source';
import { applyEdits } from './support/fixtures';

function setup(text: string): { file: string; emission(key: string): HeaderEmission; result: ReturnType<typeof apacheSource.analyze> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-fixer-'));
  const file = path.join(dir, 'site.apache.conf');
  fs.writeFileSync(file, text);
  const result = apacheSource.analyze([file], createNodeFileHost());
  const emission = (key: string): HeaderEmission => {
    for (const p of result.policies) for (const b of p.branches) for (const h of b.headers) if (h.key === key) return h;
    throw new Error(`no ${key}`);
  };
  return { file, emission, result };
}

function applied(file: string, fix: Fix | undefined): string {
  assert.ok(fix, 'a fix is offered');
  return applyEdits(fs.readFileSync(file, 'utf8'), fix.edits);
}

const ACAO = 'access-control-allow-origin';

describe('Apache fixes', () => {
  it('adds always to Header set and turns onsuccess into always', () => {
    const s = setup('<Location /api>\n    Header set Access-Control-Allow-Origin "*"\n    Header onsuccess set Access-Control-Max-Age "60"\n</Location>\n');
    assert.equal(applied(s.file, s.result.fixer.addAlways(s.emission(ACAO))), '<Location /api>\n    Header always set Access-Control-Allow-Origin "*"\n    Header onsuccess set Access-Control-Max-Age "60"\n</Location>\n');
    assert.match(applied(s.file, s.result.fixer.addAlways(s.emission('access-control-max-age'))), /Header always set Access-Control-Max-Age "60"/);
  });

  it('offers nothing to add where always is already there', () => {
    const s = setup('Header always set Access-Control-Allow-Origin "*"\n');
    assert.equal(s.result.fixer.addAlways(s.emission(ACAO)), undefined);
  });

  it('adds Header always merge Vary Origin after the header, at its indentation', () => {
    const s = setup('<Location /api>\n    Header always set Access-Control-Allow-Origin "https://a.example"\n</Location>\n');
    const policy = s.result.policies[0];
    assert.equal(applied(s.file, s.result.fixer.addVaryOrigin(policy, s.emission(ACAO))), '<Location /api>\n    Header always set Access-Control-Allow-Origin "https://a.example"\n    Header always merge Vary Origin\n</Location>\n');
  });

  it('rewrites a literal value, quoted', () => {
    const s = setup('Header always set Access-Control-Allow-Origin https://a.example/\n');
    assert.equal(applied(s.file, s.result.fixer.replaceValue(s.emission(ACAO), 'https://a.example', 't')), 'Header always set Access-Control-Allow-Origin "https://a.example"\n');
  });

  it('replaces a reflecting header with an anchored, escaped SetEnvIf allowlist', () => {
    const s = setup('SetEnvIf Origin "^(.+)$" ECHO=$1\nHeader set Access-Control-Allow-Origin "%{ECHO}e" env=ECHO\n');
    const fix = s.result.fixer.allowlistOrigin(s.result.policies[0], s.emission(ACAO), ['https://a.example.com', 'https://b.example.com']);
    assert.equal(fix?.safe, true);
    assert.equal(
      applied(s.file, fix),
      'SetEnvIf Origin "^(.+)$" ECHO=$1\nSetEnvIf Origin "^https://(a\\.example\\.com|b\\.example\\.com)$" CORS_ORIGIN=$0\nHeader always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN\nHeader always merge Vary Origin\n',
    );
  });

  it('uses a placeholder, as a suggestion only, without trusted origins', () => {
    const s = setup('Header always set Access-Control-Allow-Origin "*"\n');
    const fix = s.result.fixer.allowlistOrigin(s.result.policies[0], s.emission(ACAO), []);
    assert.equal(fix?.safe, false);
    assert.match(applied(s.file, fix), /# Placeholder: list every origin allowed to read these responses\.\nSetEnvIf Origin "\^https:\/\/app\\\.example\\\.com\$" CORS_ORIGIN=\$0\n/);
  });

  it('groups by scheme only when all origins share one', () => {
    assert.equal(originAllowlistRegex(['https://a.example', 'http://b.example']), '^(https://a\\.example|http://b\\.example)$');
    assert.equal(originAllowlistRegex(['https://a.example']), '^https://a\\.example$');
  });

  it('replaces a permissive SetEnvIf pattern and removes a header line', () => {
    const s = setup('SetEnvIf Origin "^https://(a|b).example.com$" O=$0\nHeader always set Access-Control-Allow-Origin "%{O}e" env=O\nHeader always set Access-Control-Allow-Credentials "True"\n');
    const acao = s.emission(ACAO);
    const matcher = acao.value.cases[0].when;
    assert.equal(applied(s.file, s.result.fixer.replacePattern(matcher, '^https://(a|b)\\.example\\.com$')).split('\n')[0], 'SetEnvIf Origin "^https://(a|b)\\.example\\.com$" O=$0');
    assert.equal(applied(s.file, s.result.fixer.removeEmission(s.emission('access-control-allow-credentials'), 'r')).split('\n').length, 3);
  });
});
