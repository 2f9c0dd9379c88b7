/**
 * Finds the `}` that closes a `*_by_lua_block {` body. The body is Lua, not
 * nginx: braces inside Lua strings (`"}"`, `'{'`, `[[ } ]]`, `[==[ } ]==]`) and
 * comments (`-- }`, `--[[ } ]]`) do not count, as in the lua-nginx-module reader.
 */

export interface LuaBodyScan {
  /** Offset of the closing `}`, or -1 when the body never closes. */
  close: number;
}

/** Length of a long bracket opener `[`, `=`*, `[` at `i`, or 0 when there is none; `level` is the count of `=`. */
function longBracket(text: string, i: number): { length: number; level: number } | null {
  if (text.charCodeAt(i) !== 91) return null;
  let j = i + 1;
  while (j < text.length && text.charCodeAt(j) === 61) j++;
  if (j < text.length && text.charCodeAt(j) === 91) return { length: j - i + 1, level: j - i - 1 };
  return null;
}

/** Offset just after the `]`, `=`*level, `]` that ends a long bracket, or text.length. */
function skipLong(text: string, from: number, level: number): number {
  const closer = ']' + '='.repeat(level) + ']';
  const at = text.indexOf(closer, from);
  return at < 0 ? text.length : at + closer.length;
}

export function scanLuaBody(text: string, from: number): LuaBodyScan {
  const n = text.length;
  let depth = 1;
  let i = from;
  const unclosedUntil = new Map<number, number>();
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const lb = longBracket(text, i + 2);
      if (lb) {
        i = skipLong(text, i + 2 + lb.length, lb.level);
      } else {
        while (i < n && text.charCodeAt(i) !== 10) i++;
      }
      continue;
    }
    if (c === 34 || c === 39) {
      // A quote whose string is not closed on its line is a lone character to
      // lua-nginx-module (observed: braces after it still count), so the scan
      // goes on right after it. Later quotes of the same kind before that line
      // end cannot close either (each was escaped in the first scan, which is
      // back in step right after it): skipping them keeps the scan linear.
      const open = unclosedUntil.get(c);
      if (open !== undefined && i < open) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          j += 2;
          continue;
        }
        if (d === c || d === 10) break;
        j++;
      }
      if (j < n && text.charCodeAt(j) === c) {
        i = j + 1;
        continue;
      }
      unclosedUntil.set(c, Math.min(j, n));
      i++;
      continue;
    }
    if (c === 91) {
      const lb = longBracket(text, i);
      if (lb) {
        i = skipLong(text, i + lb.length, lb.level);
        continue;
      }
    }
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return { close: i };
    i++;
  }
  return { close: -1 };
}
