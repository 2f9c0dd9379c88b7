import * as assert from 'node:assert/strict';
import { hasScope, scopesOf, tokenize } from './tokenize';

describe('nginx grammar', () => {
  const config = [
    '# CORS for the API',
    'map $http_origin $cors_origin {',
    '    default "";',
    '    ~^https://(app|admin)\\.example\\.com$ $http_origin;',
    '    "https://partner.example.net" $http_origin;',
    '}',
    'server {',
    '    listen 127.0.0.1:8080;',
    '    location ~* \\.php$ {',
    '        if ($request_method = OPTIONS) { return 204; }',
    '        if ($http_origin ~* "^https://(a|b)\\.example\\.com$") {',
    '            add_header Access-Control-Allow-Origin $http_origin always;',
    '        }',
    '        add_header X-Note "a#b $host" always; # trailing',
    '        set $path a#b;',
    '    }',
    '    location = /health { return 200; }',
    '    content_by_lua_block {',
    '        if x then ngx.say("{") end',
    '    }',
    '    rewrite ^/old/(.*)$ /new/$1 permanent;',
    '}',
  ].join('\n');

  it('scopes comments, blocks, directives and terminators', async () => {
    const lines = await tokenize('source.nginx', config);
    hasScope(lines[0], '# CORS', 'comment.line.number-sign.nginx');
    hasScope(lines[1], 'map', 'keyword.control.block.nginx');
    hasScope(lines[1], '{', 'punctuation.section.block.begin.nginx');
    hasScope(lines[6], 'server', 'keyword.control.block.nginx');
    hasScope(lines[7], 'listen', 'keyword.other.directive.nginx');
    hasScope(lines[7], ';', 'punctuation.terminator.nginx');
    hasScope(lines[21], '}', 'punctuation.section.block.end.nginx');
  });

  it('scopes variables, strings, CORS headers and keywords', async () => {
    const lines = await tokenize('source.nginx', config);
    hasScope(lines[11], 'add_header', 'keyword.other.directive.nginx');
    hasScope(lines[11], 'Access-Control-Allow-Origin', 'support.type.property-name.header.nginx');
    hasScope(lines[11], '$http_origin', 'variable.other.nginx');
    hasScope(lines[11], 'always', 'constant.language.nginx');
    assert.ok(scopesOf(lines[13], '$host').includes('string.quoted.double.nginx'), 'variables inside strings');
    hasScope(lines[13], '$host', 'variable.other.nginx');
    hasScope(lines[2], '""', 'punctuation.definition.string.begin.nginx');
    hasScope(lines[9], '204', 'constant.numeric.nginx');
  });

  it('knows a # is a comment only where a word starts', async () => {
    const lines = await tokenize('source.nginx', config);
    assert.ok(!scopesOf(lines[13], '#b').some((s) => s.startsWith('comment')), 'inside a string');
    hasScope(lines[13], '# trailing', 'comment.line.number-sign.nginx');
    assert.ok(!scopesOf(lines[14], '#b').some((s) => s.startsWith('comment')), 'inside a bare word');
  });

  it('scopes regexes of location, if, map keys and rewrite', async () => {
    const lines = await tokenize('source.nginx', config);
    hasScope(lines[8], '~*', 'keyword.operator.regex.nginx');
    hasScope(lines[8], '\\.php$', 'string.regexp.nginx');
    hasScope(lines[10], '"^https', 'string.regexp.nginx');
    hasScope(lines[10], '$http_origin', 'variable.other.nginx');
    hasScope(lines[9], '=', 'keyword.operator.comparison.nginx');
    hasScope(lines[3], '^https', 'string.regexp.nginx');
    hasScope(lines[4], '"https://partner', 'string.unquoted.key.nginx');
    hasScope(lines[16], '/health', 'string.unquoted.path.nginx');
    hasScope(lines[20], '^/old/', 'string.regexp.nginx');
  });

  it('leaves Lua code alone and keeps counting braces after it', async () => {
    const lines = await tokenize('source.nginx', config);
    assert.ok(scopesOf(lines[18], 'ngx.say').includes('meta.embedded.block.lua'));
    assert.ok(!scopesOf(lines[18], 'if').includes('keyword.control.block.nginx'));
    hasScope(lines[20], 'rewrite', 'keyword.other.directive.nginx');
  });
});
