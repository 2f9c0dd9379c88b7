/**
 * Whether a file is an nginx configuration, from its path and its first
 * few kilobytes. Apache configuration shares the `.conf` extension and some
 * folder names, so content decides whenever it speaks clearly.
 */

const HEAD_CHARS = 16 * 1024;

const NGINX_FOLDERS = new Set(['conf.d', 'sites-available', 'sites-enabled', 'snippets']);

const APACHE_SIGNS = [
  /^\s*<\/?(VirtualHost|Directory|DirectoryMatch|Location|LocationMatch|Files|FilesMatch|IfModule|IfDefine|Proxy|Limit|LimitExcept|If|ElseIf|Else|RequireAll|RequireAny)\b/im,
  /^\s*(Header|RequestHeader)\s+(always\s+|onsuccess\s+)?(set|append|add|unset|merge|setifempty|edit\*?|echo)\s/im,
  /^\s*(LoadModule|RewriteEngine|RewriteRule|RewriteCond|ServerName|ServerAlias|DocumentRoot|SetEnvIf|SetEnvIfNoCase|Listen|Options|AllowOverride|Require|ErrorLog|CustomLog|ProxyPass|Define)\s+[^;{\n]*$/m,
];

const NGINX_SIGNS = [
  /^\s*(http|server|events|stream|upstream|types|map|geo|split_clients)\b[^;{}]*\{/m,
  /^\s*location\s+(=\s*|~\*?\s*|\^~\s*)?\S+\s*\{/m,
  /^\s*(add_header|more_set_headers|proxy_pass|proxy_set_header|proxy_hide_header|listen|server_name|root|return|rewrite|include|fastcgi_pass|try_files|error_page|worker_processes|if)\b[^\n]*[;{]\s*(#.*)?$/m,
];

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}

function folderNames(path: string): string[] {
  return path.split(/[\\/]/).slice(0, -1).map((p) => p.toLowerCase());
}

/** Inside a folder nginx conventionally uses, or one named for nginx (`/etc/nginx`, `deploy/nginx-conf`). */
function inNginxTree(path: string): boolean {
  const folders = folderNames(path);
  const parent = folders[folders.length - 1] ?? '';
  return NGINX_FOLDERS.has(parent) || folders.some((f) => /^(nginx|openresty)([-_.].*)?$/.test(f));
}

/** Names nginx configuration files take: `.conf`, templates of them, or no extension (`sites-available/api`). */
function configName(name: string): boolean {
  return name.endsWith('.conf') || name.endsWith('.conf.template') || !name.includes('.');
}

function looksLikeApache(head: string): boolean {
  return APACHE_SIGNS.some((re) => re.test(head));
}

function nginxScore(head: string): number {
  return NGINX_SIGNS.filter((re) => re.test(head)).length;
}

/**
 * How the lines read: nginx lines end in `;`, `{` or `}` (a comment may follow),
 * Apache and ini-style lines do not. Continuation lines of long directives are
 * tolerated by asking for most lines, not all.
 */
function lineShape(head: string): 'empty' | 'nginx' | 'other' {
  const lines = head.split(/\r?\n|\r/);
  // The head may stop inside its last line.
  if (!/[\r\n]$/.test(head) && lines.length > 1) lines.pop();
  let content = 0;
  let ending = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    content++;
    if (/[;{}]$/.test(line.replace(/\s+#.*$/, ''))) ending++;
  }
  if (content === 0) return 'empty';
  return ending / content >= 0.6 ? 'nginx' : 'other';
}

/** `start` is the start of the file's text (a few KiB is plenty; a whole file is cut to its start). */
export function looksLikeNginx(path: string, start: string): boolean {
  const head = start.length > HEAD_CHARS ? start.slice(0, HEAD_CHARS) : start;
  if (head.includes('\0')) return false;
  const name = baseName(path).toLowerCase();
  const nginxContent = nginxScore(head) > 0;
  const apacheContent = looksLikeApache(head);
  if (apacheContent && !nginxContent) return false;
  if (name === 'nginx.conf' || /^nginx[-_.].*\.conf$/.test(name) || name.endsWith('.nginx') || name.endsWith('.nginxconf')) return true;
  if (inNginxTree(path) && configName(name)) {
    // Apache on Debian has sites-available and conf.d too: without clear signs, the shape of the lines decides.
    if (nginxContent) return true;
    const shape = lineShape(head);
    return !apacheContent && (shape === 'nginx' || shape === 'empty');
  }
  if (name.endsWith('.conf') || name.endsWith('.conf.template')) return nginxContent && !(apacheContent && nginxScore(head) < 2);
  return false;
}
