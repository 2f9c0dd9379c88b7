/**
 * Random but valid nginx configurations built from the constructs the CORS
 * model knows (add_header at every level, with and without `always`, ifs on
 * the method and the Origin, returns, limit_except, deny, error pages, maps,
 * nested locations), for checking the model against real nginx beyond the
 * hand-written fixtures. Deterministic per seed, so a failure can be replayed.
 */

const HEADERS = ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Allow-Methods', 'Vary'];
const VALUES: Record<string, string[]> = {
  'Access-Control-Allow-Origin': ['*', '$http_origin', '$cors_origin', '"https://app.example.com"', '"$cors_origin"'],
  'Access-Control-Allow-Credentials': ['true', '$cors_credentials'],
  'Access-Control-Allow-Methods': ['"GET, POST"', '"PUT"'],
  Vary: ['Origin', '"Origin, Accept-Encoding"'],
};

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

class Gen {
  constructor(private readonly rand: () => number) {}
  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }
  count(max: number): number {
    return Math.floor(this.rand() * (max + 1));
  }
  headers(indent: string, max: number): string[] {
    const out: string[] = [];
    for (let i = this.count(max); i > 0; i--) {
      const name = this.pick(HEADERS);
      out.push(`${indent}add_header ${name} ${this.pick(VALUES[name])}${this.chance(0.5) ? ' always' : ''};`);
    }
    return out;
  }
}

export interface GeneratedConfig {
  text: string;
  /** Other files of the configuration (the password file), by name. */
  files: Record<string, string>;
  /** Location paths, for the matrix (each gets a `present.txt`). */
  locations: string[];
}

export function generateConfig(seed: number): GeneratedConfig {
  const g = new Gen(seededRandom(seed));
  const lines: string[] = [
    `# generated configuration, seed ${seed}`,
    'pid nginx.pid;',
    'events { worker_connections 64; }',
    'http {',
    '    access_log access.log;',
    '    client_body_temp_path tmp/client_body;',
    '    proxy_temp_path tmp/proxy;',
    '    fastcgi_temp_path tmp/fastcgi;',
    '    uwsgi_temp_path tmp/uwsgi;',
    '    scgi_temp_path tmp/scgi;',
    '    map $http_origin $cors_origin {',
    `        default ${g.pick(['""', '$http_origin', '"null"'])};`,
    '        https://app.example.com $http_origin;',
    `        ~${g.pick(['^https://[a-z]+\\.example\\.net$', 'example\\.net', '^https://(app|evil)\\.example\\.(com|net)$'])} ${g.pick(['$http_origin', '"https://fixed.example.com"'])};`,
    '    }',
    '    map $cors_origin $cors_credentials {',
    '        "" "";',
    '        default "true";',
    '    }',
    ...g.headers('    ', 1),
    '    server {',
    '        listen 127.0.0.1:@PORT_A@;',
    ...g.headers('        ', 2),
  ];
  if (g.chance(0.3)) lines.push(`        if ($request_method = ${g.pick(['DELETE', 'PUT', 'OPTIONS'])}) {`, `            return ${g.pick(['403', '418', '204', '405'])};`, '        }');
  lines.push('        set $acao "";');
  if (g.chance(0.3)) {
    lines.push(`        if ($http_origin ~* "${g.pick(['^https://app\\.example\\.com$', 'example', '^null$'])}") {`, '            set $acao $http_origin;', '        }');
  }
  if (g.chance(0.3)) lines.push('        error_page 404 /l0/present.txt;');
  const locations: string[] = [];
  const n = 2 + g.count(2);
  for (let i = 0; i < n; i++) {
    const path = `/l${i}/`;
    locations.push(path);
    lines.push(`        location ${path} {`);
    lines.push(...g.headers('            ', 3));
    if (g.chance(0.25)) lines.push('            limit_except GET {', '                deny all;', '            }');
    if (g.chance(0.15)) lines.push('            deny all;');
    if (g.chance(0.15)) {
      lines.push('            auth_basic "restricted";', '            auth_basic_user_file htpasswd;');
      if (g.chance(0.5)) lines.push('            satisfy any;', `            ${g.pick(['allow', 'deny'])} all;`);
    }
    if (g.chance(0.2)) lines.push(`            add_header Access-Control-Allow-Origin ${g.pick(['$acao', '"$acao"'])} always;`);
    if (g.chance(0.15)) lines.push('            if ($request_method = GET) {', '                break;', '            }');
    if (g.chance(0.2)) lines.push(`            error_page ${g.pick(['403', '404', '405'])} ${g.pick(['', '=200 ', '= '])}/l${g.count(n - 1)}/present.txt;`);
    else if (g.chance(0.15)) lines.push(`            error_page ${g.pick(['401 403', '404', '405'])} ${g.pick(['', '= ', '=200 '])}@fallback;`);
    if (g.chance(0.1)) lines.push('            internal;');
    if (g.chance(0.1)) lines.push('            try_files $uri =404;');
    if (g.chance(0.1)) lines.push(`            rewrite ^ /l0/present.txt ${g.pick(['redirect', 'permanent'])};`);
    if (g.chance(0.1)) lines.push('            if ($request_method = POST) {', '                proxy_pass http://127.0.0.1:@PORT_B@;', '            }');
    if (g.chance(0.5)) {
      lines.push('            if ($request_method = OPTIONS) {', ...g.headers('                ', 3));
      if (g.chance(0.8)) lines.push(`                return ${g.pick(['204', '200', '405'])};`);
      lines.push('            }');
    }
    if (g.chance(0.4)) {
      const test = g.pick(['$http_origin ~* "^https://app\\.example\\.com$"', '$cors_origin', '$http_origin = "null"', '$cors_credentials = "true"']);
      lines.push(`            if (${test}) {`, ...g.headers('                ', 2));
      if (g.chance(0.3)) lines.push(`                return ${g.pick(['200', '403', '404'])}${g.chance(0.5) ? ' "text"' : ''};`);
      lines.push('            }');
    }
    if (g.chance(0.25)) lines.push(`            return ${g.pick(['200', '201', '404', '500', '302 /l0/', '403 "no"'])};`);
    else if (g.chance(0.25)) lines.push('            proxy_pass http://127.0.0.1:@PORT_B@;', ...(g.chance(0.5) ? ['            proxy_hide_header Access-Control-Allow-Origin;'] : []), ...(g.chance(0.3) ? ['            proxy_intercept_errors on;'] : []));
    if (g.chance(0.3)) {
      const nested = `${path}n/`;
      locations.push(nested);
      lines.push(`            location ${nested} {`, ...g.headers('                ', 2));
      if (g.chance(0.4)) lines.push('                if ($request_method = OPTIONS) {', ...g.headers('                    ', 2), '                    return 204;', '                }');
      lines.push('            }');
    }
    lines.push('        }');
  }
  // The named path some error pages go to.
  lines.push('        location @fallback {', ...g.headers('            ', 2));
  lines.push(g.pick(['            proxy_pass http://127.0.0.1:@PORT_B@;', '            return 418 "fallback";', '            return 404;', '']));
  lines.push('        }');
  lines.push('    }');
  // The upstream of the proxied locations: answers with CORS headers of its own, sometimes with an error.
  lines.push('    server {', '        listen 127.0.0.1:@PORT_B@;', ...g.headers('        ', 3));
  if (g.chance(0.3)) lines.push(`        return ${g.pick(['500', '404', '204'])};`);
  lines.push('    }', '}', '');
  return { text: lines.join('\n'), files: { htpasswd: 'oracle:{PLAIN}oracle\n' }, locations };
}
