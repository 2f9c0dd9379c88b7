import { SUPPRESSION_RULE_ID, type Finding } from '../core/finding';
import type { Range } from '../core/range';
import { engineProblem } from './problem';

/**
 * Suppression comments, as ESLint has them:
 *   # cors-preflight-disable-next-line reflected-origin, missing-vary-origin
 *   // cors-preflight-disable add-header-inheritance     (the whole file)
 * No ids means every rule. Text after ` -- ` is a reason and is ignored.
 */
export interface SuppressionDirective {
  file: string;
  kind: 'next-line' | 'file';
  /** 0-based line of the comment. */
  line: number;
  /** Empty: every rule. */
  ids: { id: string; range: Range }[];
}

export interface CommentText {
  line: number;
  text: string;
}

const DIRECTIVE = /cors-preflight-disable(-next-line)?(?![\w-])/;
const SLASH_COMMENT = /\/\/[^\n]*?cors-preflight-disable/;

/**
 * Finds the directives of one file, in the comments its source reported and,
 * for code (`slashComments`), in `//` comments of the text as well: a source
 * that could not parse a file still honours its suppressions.
 */
export function collectDirectives(file: string, comments: readonly CommentText[], text: string | undefined, slashComments: boolean): SuppressionDirective[] {
  const inComments = comments.some((c) => c.text.includes('cors-preflight-disable'));
  const inText = slashComments && text !== undefined && text.includes('cors-preflight-disable');
  if (!inComments && !inText) return [];
  const lines = text === undefined ? [] : text.split(/\r\n|\r|\n/);
  const lineStarts = text === undefined ? [] : lineOffsets(text);
  const found = new Map<string, SuppressionDirective>();
  const add = (line: number, column: number, commentText: string) => {
    const match = DIRECTIVE.exec(commentText);
    if (!match) return;
    const keywordColumn = column + match.index;
    const key = `${line}:${keywordColumn}`;
    if (found.has(key)) return;
    let rest = commentText.slice(match.index + match[0].length);
    const restColumn = keywordColumn + match[0].length;
    const reason = rest.search(/\s--(\s|$)|\*\//);
    if (reason >= 0) rest = rest.slice(0, reason);
    const ids: SuppressionDirective['ids'] = [];
    for (const token of rest.matchAll(/[^\s,]+/g)) {
      const start = restColumn + token.index!;
      const end = start + token[0].length;
      const base = lineStarts[line] ?? 0;
      ids.push({ id: token[0], range: { start: { line, character: start, offset: base + start }, end: { line, character: end, offset: base + end } } });
    }
    found.set(key, { file, kind: match[1] ? 'next-line' : 'file', line, ids });
  };

  for (const comment of comments) {
    if (!comment.text.includes('cors-preflight-disable')) continue;
    const lineText = lines[comment.line];
    const inLine = lineText === undefined ? -1 : lineText.indexOf(comment.text);
    if (inLine >= 0) add(comment.line, inLine, comment.text);
    else if (lineText !== undefined && DIRECTIVE.test(lineText)) {
      // The source trimmed or re-spelled the comment: locate the directive in the line itself.
      const at = lineText.search(DIRECTIVE);
      add(comment.line, at, lineText.slice(at));
    } else add(comment.line, 0, comment.text);
  }
  if (inText) {
    lines.forEach((lineText, line) => {
      const m = SLASH_COMMENT.exec(lineText);
      if (m) add(line, m.index, lineText.slice(m.index));
    });
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}

/**
 * Drops the findings the directives suppress, and reports every id in a
 * directive that names no known rule (a typo would otherwise suppress nothing,
 * silently).
 */
export function applySuppressions(findings: readonly Finding[], directives: readonly SuppressionDirective[], knownIds: ReadonlySet<string>): Finding[] {
  const byFile = new Map<string, SuppressionDirective[]>();
  const problems: Finding[] = [];
  for (const d of directives) {
    let list = byFile.get(d.file);
    if (!list) byFile.set(d.file, (list = []));
    list.push(d);
    for (const { id, range } of d.ids) {
      if (!knownIds.has(id)) {
        problems.push(engineProblem(SUPPRESSION_RULE_ID, d.file, `Unknown rule id "${id}" in a suppression comment: it suppresses nothing`, { severity: 'warning', range, messageId: 'unknownId', data: { id } }));
      }
    }
  }
  const kept = findings.filter((f) => {
    if (f.ruleId === SUPPRESSION_RULE_ID) return true;
    const list = byFile.get(f.span.file);
    if (!list) return true;
    return !list.some((d) => (d.kind === 'file' || d.line + 1 === f.span.range.start.line) && (d.ids.length === 0 || d.ids.some((i) => i.id === f.ruleId)));
  });
  return [...kept, ...problems];
}

function lineOffsets(text: string): number[] {
  const out = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) out.push(m.index! + m[0].length);
  return out;
}
