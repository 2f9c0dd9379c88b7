import type { Fix, TextEdit } from './finding';

/**
 * Applies edits of one file to its text. Edits must not overlap; they are applied
 * from the end so earlier offsets stay valid.
 *
 * applyEdits('a b', [{ file, start: 0, end: 1, newText: 'x' }]) === 'x b'
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = text.length;
  for (const edit of sorted) {
    if (edit.start < 0 || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`edit ${edit.start}..${edit.end} lies outside the text (length ${text.length})`);
    }
    // Two insertions at the same offset are fine; a range reaching into the next edit is not.
    if (edit.end > limit) throw new RangeError(`edits overlap at offset ${edit.end}`);
    out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  // Insertions at the same point would make the result depend on order.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Picks, in order, the fixes whose edits overlap none of the fixes picked before, so
 * that all picked fixes can be applied together (what `--fix` and "fix all" do).
 * Fixes left out can be applied by a second pass on the new text.
 */
export function compatibleFixes<T extends Pick<Fix, 'edits'>>(fixes: readonly T[]): T[] {
  const picked: T[] = [];
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    // A fix whose own edits overlap each other cannot be applied at all.
    if (fix.edits.some((e, i) => fix.edits.some((o, j) => j > i && overlaps(e, o)))) continue;
    picked.push(fix);
    taken.push(...fix.edits);
  }
  return picked;
}

/** Groups edits by file, keeping their order. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file);
    if (list) list.push(edit);
    else byFile.set(edit.file, [edit]);
  }
  return byFile;
}
