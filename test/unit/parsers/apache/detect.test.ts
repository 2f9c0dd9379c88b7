import * as assert from 'node:assert/strict';
import { looksLikeApache } from '../../../../server/src/parsers/apache/detect';
import { looksLikeNginx } from '../../../../server/src/parsers/nginx/detect';

const VHOST = '<VirtualHost *:443>\n  ServerName api.example.com\n  Header always set Access-Control-Allow-Origin "https://a.example"\n</VirtualHost>\n';
const SNIPPET = 'Header always set Access-Control-Allow-Origin "https://a.example"\nHeader merge Vary Origin\n';
const NGINX = 'server {\n  listen 80;\n  add_header Access-Control-Allow-Origin $http_origin always;\n}\n';

describe('Apache detection', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/etc/apache2/apache2.conf', 'ServerRoot "/etc/apache2"\n', true],
    ['/etc/httpd/conf/httpd.conf', '', true],
    ['/srv/www/.htaccess', 'Header set X y\n', true],
    ['/srv/www/.htaccess', '', true],
    ['/etc/apache2/sites-available/api.conf', VHOST, true],
    ['/etc/httpd/conf.d/cors.conf', SNIPPET, true],
    ['/etc/apache2/conf-enabled/cors.conf', SNIPPET, true],
    ['/repo/deploy/whatever.conf', VHOST, true],
    ['/etc/nginx/sites-available/api.conf', NGINX, false],
    ['/etc/nginx/conf.d/empty.conf', '', false],
    ['/etc/nginx/nginx.conf', NGINX, false],
    ['/repo/httpd.conf', 'http {\n  server {\n    listen 80;\n  }\n}\n', false],
    ['/repo/notes.conf', 'just words\n', false],
    ['/repo/blob.conf', 'Header\0\0', false],
  ];
  for (const [file, head, expected] of cases) {
    it(`${expected ? 'claims' : 'leaves'} ${file}${head ? '' : ' (empty)'}`, () => {
      assert.equal(looksLikeApache(file, head), expected);
    });
  }

  it('never claims a file the nginx detector claims', () => {
    for (const [file, head] of cases) assert.ok(!(looksLikeApache(file, head) && looksLikeNginx(file, head)), file);
  });
});
