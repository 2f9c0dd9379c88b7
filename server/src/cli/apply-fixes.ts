import * as fs from 'node:fs';
import { applyEdits, compatibleFixes, editsByFile } from '../core/apply-edits';
import type { Fix } from '../core/finding';
import type { AnalysisResult } from '../engine/run-analysis';

export interface FixOutcome {
  /** The analysis of the fixed files: what is left to report. */
  result: AnalysisResult;
  applied: number;
  files: string[];
}

const MAX_PASSES = 10;
const BOM = '\uFEFF';

/**
 * `--fix`: applies every finding's first safe fix, re-analyses and repeats
 * (fixes that overlapped in one pass get their turn in the next), as ESLint
 * does, until nothing safe is left or after ten passes. Suggestions (unsafe
 * fixes) are never applied. Edits are offsets into the text the analysis read,
 * so the file is rewritten from that same text; a byte order mark is kept.
 */
export function fixUntilStable(analyze: () => AnalysisResult, readText: (file: string) => string): FixOutcome {
  let result = analyze();
  let applied = 0;
  const files = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const safe = result.findings.map((f) => f.fixes.find((x) => x.safe)).filter((x): x is Fix => x !== undefined);
    const picked = compatibleFixes(safe);
    if (picked.length === 0) break;
    let changed = false;
    for (const [file, edits] of editsByFile(picked.flatMap((f) => f.edits))) {
      const before = readText(file);
      const after = applyEdits(before, edits);
      if (after === before) continue;
      fs.writeFileSync(file, (hasBom(file) ? BOM : '') + after);
      files.add(file);
      changed = true;
    }
    // Fixes whose edits change nothing would otherwise be picked again forever.
    if (!changed) break;
    applied += picked.length;
    result = analyze();
  }
  return { result, applied, files: [...files].sort() };
}

function hasBom(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const n = fs.readSync(fd, head, 0, 3, 0);
    return n === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } finally {
    fs.closeSync(fd);
  }
}
