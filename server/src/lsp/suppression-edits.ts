import * as path from 'node:path';
import type { TextEdit } from 'vscode-languageserver';

/** Files whose line comments start with `//`; configs, Python and Ruby use `#`. */
const SLASH_COMMENT_EXTENSIONS = new Set([
  '.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.java', '.kt', '.cs', '.go', '.php', '.rs', '.scala', '.swift',
]);
const SLASH_COMMENT_LANGUAGES = new Set(['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'java', 'csharp', 'go', 'php', 'kotlin', 'rust']);

/** The line-comment marker of a file: `#` for nginx, Apache, Python, Ruby; `//` for the C family. */
export function commentMarker(file: string, languageId?: string): '#' | '//' {
  if (languageId && SLASH_COMMENT_LANGUAGES.has(languageId)) return '//';
  return SLASH_COMMENT_EXTENSIONS.has(path.extname(file).toLowerCase()) ? '//' : '#';
}

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Adds `, id` to an existing directive comment, before a ` -- reason` if it has one. */
function extendDirective(lineText: string, lineNo: number, id: string): TextEdit | undefined {
  const match = /cors-preflight-disable(?:-next-line)?(?![\w-])([^]*)$/.exec(lineText);
  if (!match) return undefined;
  const rest = match[1];
  const reason = rest.indexOf(' -- ');
  const listEnd = match.index + match[0].length - rest.length + (reason >= 0 ? reason : rest.trimEnd().length);
  const ids = rest.slice(0, reason >= 0 ? reason : undefined).split(',').map((s) => s.trim()).filter(Boolean);
  // No ids means every rule is already disabled; nothing to add.
  if (ids.length === 0 || ids.includes(id)) return { range: { start: { line: lineNo, character: 0 }, end: { line: lineNo, character: 0 } }, newText: '' };
  return { range: { start: { line: lineNo, character: listEnd }, end: { line: lineNo, character: listEnd } }, newText: `, ${id}` };
}

/**
 * Disables a rule for one line: a `cors-preflight-disable-next-line` comment above
 * it with the same indentation, or the id added to such a comment already there.
 *
 * disableLineEdit('  add_header X 1;', 0, 'x', '#') → insert '  # cors-preflight-disable-next-line x\n' at 0:0
 */
export function disableLineEdit(text: string, line: number, ruleId: string, marker: string): TextEdit {
  const all = lines(text);
  const target = all[line] ?? '';
  const above = line > 0 ? all[line - 1] : undefined;
  if (above !== undefined && above.trimStart().startsWith(marker) && /cors-preflight-disable-next-line(?![\w-])/.test(above)) {
    const extended = extendDirective(above, line - 1, ruleId);
    if (extended) return extended;
  }
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${marker} cors-preflight-disable-next-line ${ruleId}${eolOf(text)}` };
}

/**
 * Disables a rule for the whole file: a `cors-preflight-disable` comment at the
 * top (after a `#!` line or PHP's opening tag), or the id added to one there.
 */
export function disableFileEdit(text: string, ruleId: string, marker: string): TextEdit {
  const all = lines(text);
  // Directives are looked for among the leading comments only.
  for (let i = 0; i < all.length && i < 50; i++) {
    const t = all[i].trim();
    if (t === '' || t.startsWith('#!') || t.startsWith('<?php')) continue;
    if (!t.startsWith(marker)) break;
    if (/cors-preflight-disable(?![\w-])/.test(t)) {
      const extended = extendDirective(all[i], i, ruleId);
      if (extended) return extended;
    }
  }
  let at = 0;
  if (all[0]?.startsWith('#!') || all[0]?.trimStart().startsWith('<?php')) at = 1;
  const eol = eolOf(text);
  // A file without a trailing newline after its first line needs one before the comment.
  const prefix = at === 1 && all.length === 1 ? eol : '';
  return { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: `${prefix}${marker} cors-preflight-disable ${ruleId}${eol}` };
}
