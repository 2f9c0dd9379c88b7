/**
 * Named groups of a PCRE pattern and their numbers: nginx turns `(?<name>...)`,
 * `(?P<name>...)` and `(?'name'...)` into variables. Groups are numbered by
 * their opening parenthesis, skipping escapes, character classes and the
 * non-capturing `(?...)` forms.
 */
export function namedGroups(pattern: string): Map<string, number> {
  const names = new Map<string, number>();
  let group = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c !== '(') continue;
    if (pattern[i + 1] !== '?') {
      group++;
      continue;
    }
    const named = /^\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(pattern.slice(i));
    if (named) {
      group++;
      names.set((named[1] ?? named[2]).toLowerCase(), group);
    }
  }
  return names;
}
