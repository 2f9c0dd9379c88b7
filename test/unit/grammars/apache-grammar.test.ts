import * as assert from 'node:assert/strict';
import { hasScope, scopesOf, tokenize } from './tokenize';

describe('Apache grammar', () => {
  const config = [
    '# CORS for the API',
    '<VirtualHost *:80>',
    '    SetEnvIf Origin "^https://(app|admin)\\.example\\.com$" CORS_ORIGIN=$0',
    '    Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN',
    '    Header merge Vary Origin',
    '    <LocationMatch "^/api/">',
    '        RewriteEngine On',
    '        RewriteCond %{REQUEST_METHOD} OPTIONS',
    '        RewriteRule ^(.*)$ $1 [R=204,L]',
    '    </LocationMatch>',
    '    ServerAlias a.example.com \\',
    '        b.example.com',
    '</VirtualHost>',
  ].join('\n');

  it('scopes sections, comments and directives', async () => {
    const lines = await tokenize('source.apacheconf', config);
    hasScope(lines[0], '# CORS', 'comment.line.number-sign.apacheconf');
    hasScope(lines[1], 'VirtualHost', 'entity.name.tag.apacheconf');
    hasScope(lines[12], 'VirtualHost', 'entity.name.tag.apacheconf');
    hasScope(lines[6], 'RewriteEngine', 'keyword.other.directive.apacheconf');
    hasScope(lines[6], 'On', 'constant.language.apacheconf');
  });

  it('scopes Header lines: condition, action, CORS header, variable, env condition', async () => {
    const lines = await tokenize('source.apacheconf', config);
    hasScope(lines[3], 'Header', 'keyword.other.directive.apacheconf');
    hasScope(lines[3], 'always', 'constant.language.condition.apacheconf');
    hasScope(lines[3], 'set', 'keyword.operator.action.apacheconf');
    hasScope(lines[3], 'Access-Control-Allow-Origin', 'support.type.property-name.header.apacheconf');
    assert.ok(scopesOf(lines[3], 'CORS_ORIGIN}e').includes('variable.other.apacheconf'));
    assert.ok(scopesOf(lines[3], 'CORS_ORIGIN}e').includes('string.quoted.double.apacheconf'));
    hasScope(lines[3], 'env', 'keyword.other.condition.apacheconf');
    hasScope(lines[4], 'merge', 'keyword.operator.action.apacheconf');
  });

  it('scopes regexes of SetEnvIf, *Match sections and rewrites, and rewrite flags', async () => {
    const lines = await tokenize('source.apacheconf', config);
    hasScope(lines[2], '"^https', 'string.regexp.apacheconf');
    hasScope(lines[2], 'Origin', 'variable.parameter.attribute.apacheconf');
    hasScope(lines[5], '"^/api/"', 'string.regexp.apacheconf');
    assert.ok(scopesOf(lines[7], 'REQUEST_METHOD').includes('variable.other.apacheconf'));
    hasScope(lines[8], '^(.*)$', 'string.regexp.apacheconf');
    hasScope(lines[8], 'R=204,L', 'keyword.other.flag.apacheconf');
  });

  it('continues a directive over a backslash line break', async () => {
    const lines = await tokenize('source.apacheconf', config);
    hasScope(lines[10], '\\', 'constant.character.escape.line-continuation.apacheconf');
    // The continued line is arguments, not a new directive.
    assert.ok(!scopesOf(lines[11], 'b.example.com').includes('keyword.other.directive.apacheconf'));
  });
});
