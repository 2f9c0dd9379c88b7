import type { VariableRef } from './ast';
import type { LineIndex } from './line-index';

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Variable references in an argument value, as nginx's script compiler reads
 * them: `$name` (letters, digits, `_`) or `${name}`. A `$` followed by neither
 * (a regex's end anchor) is no variable. Quotes do not matter: nginx removes
 * them before it looks for variables, and a backslash does not protect a `$`.
 * `offsets` maps each value character to its place in the text. Null when there is none.
 */
export function findVariables(value: string, valueStart: number, offsets: number[] | undefined, lines: LineIndex): VariableRef[] | null {
  if (value.indexOf('$') < 0) return null;
  const at = (k: number): number => (offsets ? offsets[k] : valueStart + k);
  const refs: VariableRef[] = [];
  const n = value.length;
  for (let i = 0; i < n; i++) {
    if (value.charCodeAt(i) !== 36) continue;
    let nameStart: number;
    let nameEnd: number;
    let last: number;
    if (value.charCodeAt(i + 1) === 123) {
      nameStart = i + 2;
      nameEnd = value.indexOf('}', nameStart);
      if (nameEnd < 0) continue;
      last = nameEnd;
    } else {
      nameStart = i + 1;
      nameEnd = nameStart;
      while (nameEnd < n && isNameChar(value.charCodeAt(nameEnd))) nameEnd++;
      last = nameEnd - 1;
    }
    if (nameEnd === nameStart) continue;
    refs.push({ name: value.slice(nameStart, nameEnd), range: lines.range(at(i), at(last) + 1) });
    i = last;
  }
  return refs.length ? refs : null;
}
