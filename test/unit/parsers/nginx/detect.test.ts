import * as assert from 'node:assert/strict';
import { looksLikeNginx } from '../../../../server/src/parsers/nginx/detect';

const NGINX_SITE = `server {
    listen 80;
    server_name api.example.com;

    location /api/ {
        add_header Access-Control-Allow-Origin $http_origin always;
        proxy_pass http://127.0.0.1:3000;
    }
}
`;

const NGINX_SNIPPET = `# CORS headers shared by every API location
add_header Access-Control-Allow-Origin $cors_origin always;
add_header Access-Control-Allow-Credentials true always;
`;

const NGINX_MAIN = `user www-data;
worker_processes auto;
pid /run/nginx.pid;

events {
    worker_connections 768;
}

http {
    include /etc/nginx/mime.types;
    include /etc/nginx/sites-enabled/*;
}
`;

const APACHE_VHOST = `<VirtualHost *:80>
    ServerName api.example.com
    DocumentRoot /var/www/api
    Header always set Access-Control-Allow-Origin "https://app.example.com"
    <Directory /var/www/api>
        Require all granted
    </Directory>
</VirtualHost>
`;

const APACHE_MODULES = `LoadModule headers_module modules/mod_headers.so
LoadModule rewrite_module modules/mod_rewrite.so
RewriteEngine On
RewriteRule ^ - [E=ORIGIN:%{HTTP:Origin}]
Header set Access-Control-Allow-Origin "%{ORIGIN}e" env=ORIGIN
`;

const APACHE_CONF_D = `# Debian's /etc/apache2/conf-available/security.conf
ServerTokens OS
ServerSignature On
TraceEnable Off
`;

describe('nginx file detection', () => {
  it('claims nginx.conf whatever it holds, unless it is plainly Apache', () => {
    assert.equal(looksLikeNginx('/etc/nginx/nginx.conf', NGINX_MAIN), true);
    assert.equal(looksLikeNginx('/srv/nginx.conf', ''), true);
    assert.equal(looksLikeNginx('C:\\conf\\nginx.conf', 'worker_processes 1;'), true);
    assert.equal(looksLikeNginx('/srv/nginx.conf', APACHE_VHOST), false);
  });

  it('claims files in nginx folders, extensionless ones too', () => {
    assert.equal(looksLikeNginx('/etc/nginx/sites-available/default', NGINX_SITE), true);
    assert.equal(looksLikeNginx('/etc/nginx/sites-enabled/api', NGINX_SITE), true);
    assert.equal(looksLikeNginx('/etc/nginx/conf.d/api.conf', NGINX_SITE), true);
    assert.equal(looksLikeNginx('/etc/nginx/snippets/cors.conf', NGINX_SNIPPET), true);
    assert.equal(looksLikeNginx('/etc/nginx/snippets/empty.conf', ''), true);
    // Directives no sign list names, shaped like nginx.
    assert.equal(looksLikeNginx('/etc/nginx/conf.d/gzip.conf', 'gzip on;\ngzip_types text/css application/json;\n'), true);
    assert.equal(looksLikeNginx('/etc/nginx/conf.d/upstreams', 'upstream api {\n  server 127.0.0.1:3000;\n}\n'), true);
  });

  it('claims config-named files in folders named for nginx, by the shape of their lines', () => {
    const fastcgi = 'fastcgi_param  SCRIPT_FILENAME    $document_root$fastcgi_script_name;\nfastcgi_param  QUERY_STRING       $query_string;\n';
    assert.equal(looksLikeNginx('/etc/nginx/fastcgi.conf', fastcgi), true);
    assert.equal(looksLikeNginx('/etc/nginx/proxy_params', 'proxy_set_header Host $http_host;\nproxy_set_header X-Real-IP $remote_addr;\n'), true);
    assert.equal(looksLikeNginx('/repo/deploy/nginx/templates/default.conf.template', 'gzip on;\n'), true);
    assert.equal(looksLikeNginx('/repo/nginx-conf/cors', 'more_set_headers "Vary: Origin";\n'), true);
    assert.equal(looksLikeNginx('/repo/nginx/Dockerfile', 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf\n'), false);
    assert.equal(looksLikeNginx('/repo/nginx/entrypoint.sh', 'exec nginx -g "daemon off;"\n'), false);
    assert.equal(looksLikeNginx('/repo/nginx/README', 'How to deploy\n=============\n'), false);
  });

  it('claims any .conf whose content is nginx', () => {
    assert.equal(looksLikeNginx('/repo/deploy/api.conf', NGINX_SITE), true);
    assert.equal(looksLikeNginx('/repo/deploy/cors.conf', NGINX_SNIPPET), true);
    assert.equal(looksLikeNginx('/repo/docker/default.conf.template', NGINX_SITE), true);
  });

  it('rejects Apache content, even in folder names both servers use', () => {
    assert.equal(looksLikeNginx('/etc/apache2/sites-available/000-default.conf', APACHE_VHOST), false);
    assert.equal(looksLikeNginx('/etc/apache2/conf.d/cors.conf', APACHE_MODULES), false);
    assert.equal(looksLikeNginx('/etc/apache2/conf-available/security.conf', APACHE_CONF_D), false);
    assert.equal(looksLikeNginx('/repo/httpd.conf', APACHE_MODULES), false);
    // Directives neither list knows: the lines do not end the way nginx lines do.
    assert.equal(looksLikeNginx('/etc/apache2/conf.d/security.conf', APACHE_CONF_D), false);
    assert.equal(looksLikeNginx('/etc/apache2/sites-available/default', APACHE_CONF_D), false);
  });

  it('rejects other files', () => {
    assert.equal(looksLikeNginx('/repo/src/server.ts', 'app.listen(3000);'), false);
    assert.equal(looksLikeNginx('/repo/app.conf', '[section]\nkey = value\n'), false);
    assert.equal(looksLikeNginx('/etc/bind/named.conf', 'options {\n  directory "/var/cache/bind";\n};\n'), false);
    assert.equal(looksLikeNginx('/repo/supervisord.conf', '[program:api]\ncommand=node server.js\n'), false);
    assert.equal(looksLikeNginx('/repo/README.md', NGINX_SITE), false);
    assert.equal(looksLikeNginx('/etc/nginx/conf.d/x.conf', 'abc\0def'), false);
  });
});
