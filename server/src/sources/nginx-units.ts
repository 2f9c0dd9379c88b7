import { createHash } from 'node:crypto';
import type { SourceUnit, UnitCache } from '../engine/source';
import { mapVariableName } from '../fixes/nginx-origin-map';
import { indentUnit } from '../fixes/nginx-text';
import type { ServerGroup } from '../model/nginx/build-policies';
import type { Directive } from '../parsers/nginx/ast';
import type { NginxConfig } from '../parsers/nginx/loader';

/**
 * Splits a configuration into one unit per server block, for the editor's
 * memo, or returns undefined when it cannot be split safely: only a single
 * file without includes or syntax errors, whose servers sit in one `http`
 * block (or at its top, as in a `conf.d` file).
 *
 * A server's findings depend on its own text and its first line and column
 * (line numbers appear in messages); on the text of the levels around it
 * outside every server (fixes copy outer lines and insert above the first
 * server); on the directives of the main level outside `http`, but not on
 * their layout; on every `set` name of the file; and on what a fix reads of
 * the whole file (a free map variable name, the indentation unit, CRLF). The
 * key holds all of these but the server's text, which the memo compares in place.
 */
export function nginxUnits(config: NginxConfig, groups: readonly ServerGroup[], declared: ReadonlySet<string>, cache: UnitCache): SourceUnit[] | undefined {
  const file = config.root;
  if (config.files.size !== 1 || config.includes.size > 0 || config.problems.length > 0 || file.errors.length > 0) return undefined;
  const https = file.directives.filter((d) => d.name === 'http');
  if (https.length > 1) return undefined;
  const http = https[0];
  // A server outside `http` is no unit, and a skeleton parse left its inside unread.
  if (http && file.directives.some((d) => d.name === 'server')) return undefined;
  const servers = http?.block ? http.block.directives.filter((d) => d.name === 'server') : file.directives.filter((d) => d.name === 'server');
  if (groups.length !== servers.length || groups.some((g, i) => g.directive !== servers[i])) return undefined;

  const text = file.text;
  const outer = http ? text.slice(http.range.start.offset, http.range.end.offset) : text;
  const outerStart = http ? http.range.start.offset : 0;
  let context = '';
  let from = 0;
  for (const s of servers) {
    context += `${outer.slice(from, s.range.start.offset - outerStart)}\u0000`;
    from = s.range.end.offset - outerStart;
  }
  context += outer.slice(from);
  const main = http ? file.directives.map((d) => (d === http ? `http ${words(d)}{}` : shape(d))).join('') : '';
  const facts = [mapVariableName(text), indentUnit(text), text.includes('\r\n'), [...declared].sort().join(' ')].join('\u0001');
  // Hashed once: each server's key is then short.
  const contextKey = createHash('sha256').update(`${file.path}\u0002${facts}\u0002${main}\u0002${context}`).digest('base64');

  return groups.map((g, i) => {
    const s = servers[i];
    const start = s.range.start;
    const end = s.range.end.offset;
    const key = `${contextKey}\u0002${start.line}:${start.character}`;
    const reused = cache.lookup(key, file.path, text, start.offset, end);
    if (!reused) file.skeleton?.read(s);
    const unit: SourceUnit = { key, file: file.path, text, start: start.offset, end, policies: reused ? [] : g.build() };
    if (reused) unit.reused = reused;
    return unit;
  });
}

function words(d: Directive): string {
  return `${d.name} ${d.args.map((a) => a.raw).join(' ')}`;
}

/** A directive as its words and blocks, without layout or comments. */
function shape(d: Directive): string {
  if (d.rawBody) return `${words(d)}{${d.rawBody.text}}`;
  if (!d.block) return `${words(d)};`;
  return `${words(d)}{${d.block.directives.map(shape).join('')}}`;
}
