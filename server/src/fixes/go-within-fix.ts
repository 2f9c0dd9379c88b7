import type { Fix } from '../core/finding';
import type { OriginMatcher } from '../model/origin-matcher';
import { withinOrigins } from '../origin/leaf-shapes';
import { allowlistOrigins } from './span-edits';

/**
 * `strings.Contains(allowed, origin)` rewritten as whole comparisons
 * (`origin == "https://a.com" || origin == "https://b.com"`): Go 1.19 has no
 * `slices.Contains`, and `==` needs no import.
 */
export function withinFix(readText: (file: string) => string | undefined, matcher: OriginMatcher & { kind: 'within' }): Fix | undefined {
  const at = matcher.at;
  const file = at && readText(at.file);
  if (!at || file === undefined) return undefined;
  const [start, end] = [at.range.start.offset, at.range.end.offset];
  const call = /^([A-Za-z_]\w*)\.Contains\(([\s\S]*)\)$/.exec(file.slice(start, end));
  const origins = withinOrigins(matcher);
  if (!call || origins.length === 0) return undefined;
  const [haystack, needle, ...more] = splitArguments(call[2]);
  if (!haystack || !needle || more.length > 0 || leavesLocalUnused(file, haystack)) return undefined;
  const { listed, title } = allowlistOrigins(origins);
  const check = listed.map((o) => `${needle} == ${JSON.stringify(o)}`).join(' || ');
  const newText = standsAlone(file.slice(0, start), file.slice(end), listed.length === 1) ? check : `(${check})`;
  const edits: Fix['edits'] = [{ file: at.file, start, end, newText }];
  // Go refuses to compile an import nothing uses: the package goes when this call was its last use.
  const pkg = call[1];
  if (!new RegExp(`(?:^|[^\\w.])${pkg}\\.`).test(file.slice(0, start) + newText + file.slice(end))) {
    const drop = importRemoval(file, pkg);
    if (!drop) return undefined;
    edits.unshift({ file: at.file, ...drop, newText: '' });
  }
  return { title, safe: false, edits };
}

/** The line importing the package known in the code as `pkg`, in the imports before the first declaration. */
function importRemoval(file: string, pkg: string): { start: number; end: number } | undefined {
  const decl = /^(?:func|var|const|type)\b/m.exec(file);
  const imports = decl ? file.slice(0, decl.index) : file;
  const spec = /^(?:import[ \t]+|[ \t]+)(?:([A-Za-z_]\w*)[ \t]+)?"([^"\n]+)"[ \t]*(?:\/\/[^\n]*)?\n/gm;
  for (let m = spec.exec(imports); m; m = spec.exec(imports)) {
    if ((m[1] ?? m[2].split('/').pop()) === pkg) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** A call's argument text split at the commas outside brackets and literals (a trailing comma ends the list). */
function splitArguments(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let from = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(args.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = args.slice(from).trim();
  if (last !== '') out.push(last);
  return out;
}

/**
 * Go refuses to compile a local that nothing reads: a local allowlist read
 * only by this call (its declaration and this use) would be one after the fix.
 */
function leavesLocalUnused(file: string, haystack: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(haystack)) return false;
  const local = new RegExp(`(?:^|[^\\w.])${haystack}\\s*(?:,[\\w\\s,]*)?:=|^[ \\t]+var[ \\t]+${haystack}\\b`, 'm');
  const uses = file.match(new RegExp(`(?:^|[^\\w.])${haystack}\\b`, 'g'))?.length ?? 0;
  return local.test(file) && uses <= 2;
}

/**
 * Whether the comparisons need no parentheses where the call stood: gofmt
 * strips them from an `if` condition, but after `!`, `&&` or a comparison they
 * keep the meaning. One comparison binds tighter than `&&` and `||`.
 */
function standsAlone(before: string, after: string, single: boolean): boolean {
  const b = before.replace(/[ \t]+$/, '');
  const a = after.replace(/^[ \t]+/, '');
  const safeBefore = /(?:^|[^\w.])(?:if|return|case)$|[(,{;\n]$|(?:^|[^=!<>])=$|\|\|$/.test(b) || (single && /&&$/.test(b));
  const safeAfter = /^(?:[{}),;:\n]|\r\n|\|\||\/\/|\/\*|$)/.test(a) || (single && /^&&/.test(a));
  return safeBefore && safeAfter;
}
