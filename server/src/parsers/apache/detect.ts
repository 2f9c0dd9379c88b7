import * as path from 'node:path';
import { languageForPath } from '../code/tree-sitter';
import { looksLikeNginx } from '../nginx/detect';

/**
 * Whether a file is an Apache configuration. Names alone decide only where they
 * are Apache's own (`httpd.conf`, `apache2.conf`, `.htaccess`); folders such as
 * `sites-available/` and `conf.d/` are shared with nginx, so there the content
 * decides. The content test never overlaps nginx's: a line opening with `<Tag`
 * or `</Tag>` is Apache only, and Apache directive lines carry no `;`, `{` or `}`
 * at their end, which every nginx statement does.
 */
const APACHE_NAMES = new Set(['httpd.conf', 'apache2.conf', 'apache.conf', '.htaccess', 'htaccess', 'ports.conf']);

const SECTION_LINE = /^[ \t]*<\/?(virtualhost|directory|directorymatch|files|filesmatch|location|locationmatch|if|elseif|else|ifmodule|ifdefine|ifversion|limit|limitexcept|proxy|proxymatch|requireall|requireany|macro)\b[^\n]*>[ \t]*$/im;

const APACHE_DIRECTIVES = new Set([
  'servername', 'serveralias', 'serverroot', 'serveradmin', 'documentroot', 'header', 'requestheader', 'rewriteengine',
  'rewriterule', 'rewritecond', 'setenvif', 'setenvifnocase', 'setenvifexpr', 'loadmodule', 'require', 'allowoverride',
  'options', 'errorlog', 'customlog', 'loglevel', 'include', 'includeoptional', 'alias', 'scriptalias', 'proxypass',
  'proxypassreverse', 'addtype', 'addhandler', 'directoryindex', 'authtype', 'authname', 'authuserfile', 'setenv',
  'redirect', 'redirectmatch', 'sslengine', 'sslcertificatefile', 'keepalive', 'timeout', 'pidfile', 'user', 'group',
  'defaultruntimedir', 'typesconfig', 'order', 'allow', 'deny', 'expiresactive', 'errordocument', 'addoutputfilterbytype',
]);

const NGINX_END = /[;{}][ \t]*(#.*)?$/;

/** Whether `head` (the first few KB of a file) reads as Apache configuration. */
export function looksLikeApacheText(head: string): boolean {
  if (SECTION_LINE.test(head)) return true;
  let apache = 0;
  let nginx = 0;
  for (const raw of head.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line[0] === '#') continue;
    if (NGINX_END.test(line)) {
      nginx++;
      continue;
    }
    const name = /^[A-Za-z][A-Za-z0-9_]*/.exec(line)?.[0].toLowerCase();
    if (name && APACHE_DIRECTIVES.has(name)) apache++;
  }
  return apache > 0 && apache > nginx;
}

/** Whether this file should be analysed as Apache configuration. */
export function looksLikeApache(file: string, head: string): boolean {
  if (head.includes('\0')) return false;
  // Server code names directives too (Ruby's `require`, rack-cors' `allow`): a code file is never configuration.
  if (languageForPath(file)) return false;
  // One file, one source: where the nginx detector speaks, it wins, so the two never both claim a file.
  if (looksLikeNginx(file, head)) return false;
  const base = path.basename(file).toLowerCase();
  if (base === '.htaccess') return true;
  if (APACHE_NAMES.has(base)) return !looksNginxOnly(head);
  return looksLikeApacheText(head);
}

/** A file named like Apache's that is plainly nginx (someone's `httpd.conf` for nginx). */
function looksNginxOnly(head: string): boolean {
  return /^[ \t]*(http|server|events|location)\b[^\n]*\{/m.test(head) && !looksLikeApacheText(head);
}
