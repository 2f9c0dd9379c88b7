import type { Span } from '../../core/range';
import type { ApacheDirective } from '../../parsers/apache/ast';
import { spanOf } from './scenario';

const WORDS: Record<string, number> = { permanent: 301, temp: 302, seeother: 303, gone: 410 };

/**
 * mod_alias at server level: `Redirect [status] URL-path URL`, `RedirectMatch
 * [status] regex URL`, `RedirectPermanent`, `RedirectTemp`. A match answers
 * every method, OPTIONS included, on the error path (real Apache sends only the
 * `always` headers with it).
 */
export function serverRedirect(directives: ReadonlyArray<{ d: ApacheDirective }>, url: string | undefined): { code: number; at: Span } | undefined {
  if (url === undefined) return undefined;
  for (const { d } of directives) {
    if (!['redirect', 'redirectmatch', 'redirectpermanent', 'redirecttemp'].includes(d.key)) continue;
    const args = d.args.map((a) => a.value);
    let code = d.key === 'redirectpermanent' ? 301 : 302;
    if (d.key === 'redirect' || d.key === 'redirectmatch') {
      const first = (args[0] ?? '').toLowerCase();
      if (WORDS[first] !== undefined) code = WORDS[first];
      else if (/^\d{3}$/.test(first)) code = Number(first);
      if (WORDS[first] !== undefined || /^\d{3}$/.test(first)) args.shift();
    }
    const target = args[0];
    if (target === undefined) continue;
    let hit: boolean;
    if (d.key === 'redirectmatch') {
      try {
        hit = new RegExp(target).test(url);
      } catch {
        continue;
      }
    } else {
      // Redirect compares whole path segments: /old covers /old and /old/x, not /older.
      hit = url === target || url.startsWith(target.endsWith('/') ? target : target + '/');
    }
    if (hit) return { code, at: spanOf(d) };
  }
  return undefined;
}
