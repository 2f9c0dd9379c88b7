import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GeneratedConfig {
  folder: string;
  file: string;
  port: number;
  lines: number;
  /** 1-based line of the `add_header` in each server's location that drops the server's CORS headers. */
  droppingLines: number[];
}

/**
 * A large, realistic nginx configuration: `servers` virtual hosts, each with
 * CORS headers at server level and four locations, one of which has an
 * `add_header` of its own and so drops them (nginx sends none of the server's
 * headers there). Every such location is a finding of its own.
 */
export function generateNginxConfig(folder: string, servers: number, port = 8080): GeneratedConfig {
  fs.mkdirSync(folder, { recursive: true });
  const out: string[] = [
    'worker_processes 1;',
    'events { worker_connections 64; }',
    'http {',
    '    default_type application/octet-stream;',
    '    access_log off;',
    '    root /srv/sites;',
    '    server_names_hash_max_size 8192;',
    '    server_names_hash_bucket_size 128;',
    '    client_body_temp_path temp/client_body;',
    '    proxy_temp_path temp/proxy;',
    '    fastcgi_temp_path temp/fastcgi;',
    '    uwsgi_temp_path temp/uwsgi;',
    '    scgi_temp_path temp/scgi;',
  ];
  const droppingLines: number[] = [];
  for (let i = 0; i < servers; i++) {
    out.push(
      '    server {',
      `        listen 127.0.0.1:${port};`,
      `        server_name s${i}.example.com;`,
      `        add_header Access-Control-Allow-Origin "https://app${i % 50}.example.com" always;`,
      '        add_header Access-Control-Allow-Methods "GET, POST, OPTIONS" always;',
      '        add_header Access-Control-Allow-Headers "Authorization, Content-Type" always;',
      '        add_header Vary Origin always;',
      '        location / {',
      '            try_files $uri $uri/ =404;',
      '        }',
      '        location /health {',
      '            return 200 "ok";',
      '        }',
      '        location /static/ {',
      '            expires 1h;',
      '        }',
      '        location /downloads/ {',
    );
    droppingLines.push(out.length + 1);
    out.push('            add_header Cache-Control "no-store";', '        }', '    }');
  }
  out.push('}', '');
  const file = path.join(folder, 'nginx.conf');
  fs.writeFileSync(file, out.join('\n'));
  return { folder, file, port, lines: out.length - 1, droppingLines };
}
