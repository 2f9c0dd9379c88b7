import * as assert from 'node:assert/strict';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { childLevel, itemsNamed, makeLevel } from '../../../server/src/model/nginx/levels';
import { createRouter } from '../../../server/src/model/nginx/location-router';
import { loadNginxConfig } from '../../../server/src/parsers/nginx/loader';

describe('location router', function () {
  const text = `server {
    location / { }
    location /api/ { location /api/v2/ { } }
    location ^~ /static/ { }
    location = /exact { }
    location ~* \\.(png|jpg)$ { }
    location @named { }
  }`;
  const config = loadNginxConfig('/r/nginx.conf', createNodeFileHost({ overlay: new Map([['/r/nginx.conf', text]]) }));
  const main = makeLevel(config, 'main', undefined, config.root.directives, [], undefined, { file: '/r/nginx.conf', range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } } });
  const server = childLevel(config, 'server', itemsNamed(main, 'server')[0], main);
  const route = createRouter(config, server);
  const where = (uri: string) => route(uri)?.directive?.args.map((a) => a.value).join(' ');

  it('follows nginx: exact, then longest prefix (nested too), ^~ stops, regexes beat plain prefixes', function () {
    assert.equal(where('/exact'), '= /exact');
    assert.equal(where('/exact/more'), '/');
    assert.equal(where('/api/x'), '/api/');
    assert.equal(where('/api/v2/x'), '/api/v2/');
    assert.equal(where('/api/logo.PNG'), '~* \\.(png|jpg)$');
    assert.equal(where('/static/logo.png'), '^~ /static/');
    assert.equal(where('@named'), '@named');
    assert.equal(where('/other'), '/');
  });
});
