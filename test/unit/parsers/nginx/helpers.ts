import type { Range } from '../../../../server/src/core/range';
import type { Directive, NginxFile } from '../../../../server/src/parsers/nginx/ast';

/** A range as [startLine, startChar, startOffset, endLine, endChar, endOffset], for compact exact assertions. */
export function r(range: Range): number[] {
  return [range.start.line, range.start.character, range.start.offset, range.end.line, range.end.character, range.end.offset];
}

/** The text a range covers, to check offsets against the source. */
export function slice(file: NginxFile, range: Range): string {
  return file.text.slice(range.start.offset, range.end.offset);
}

/** Depth-first list of every directive, for lookups by name in tests. */
export function allDirectives(list: Directive[]): Directive[] {
  const out: Directive[] = [];
  const walk = (ds: Directive[]): void => {
    for (const d of ds) {
      out.push(d);
      if (d.block) walk(d.block.directives);
    }
  };
  walk(list);
  return out;
}

export function find(file: NginxFile, name: string, nth = 0): Directive {
  const found = allDirectives(file.directives).filter((d) => d.name === name);
  if (!found[nth]) throw new Error(`no directive "${name}" #${nth} in ${file.path}`);
  return found[nth];
}
