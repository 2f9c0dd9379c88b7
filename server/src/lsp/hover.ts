import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/finding';
import { explainValue, headerDoc } from './header-docs';
import { directiveHoverAt } from './directive-hover';
import { parseHeaderLine, roleAt } from './header-line';

export interface RuleInfo {
  description: string;
  docsUrl: string;
}

/** Languages whose files hold config directives (code files get hovers on findings only). */
const CONFIG_LANGUAGES = new Set(['nginx', 'apacheconf', 'plaintext']);

/**
 * Hover on a CORS header name or value of an `add_header`/`Header` line (what the
 * header does, what a browser does with the value), on directives that matter
 * for CORS and the words that change them, and on findings (the rule).
 */
export function hoverAt(
  doc: TextDocument,
  position: Position,
  findings: readonly Finding[],
  ruleInfo: (id: string) => RuleInfo | undefined,
): Hover | null {
  const sections: string[] = [];
  let range: Hover['range'];
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const isConfig = CONFIG_LANGUAGES.has(doc.languageId) || !doc.languageId;
  const parsed = isConfig ? parseHeaderLine(line) : undefined;
  if (parsed?.name) {
    const header = headerDoc(parsed.name.text);
    const { role, token } = roleAt(parsed, position.character);
    if (header && token && (role === 'name' || role === 'value')) {
      range = { start: { line: position.line, character: token.start }, end: { line: position.line, character: token.end } };
      const preflight = header.preflightOnly ? ' Read only on the answer to a preflight (`OPTIONS`).' : '';
      sections.push(`**${header.name}**\n\n${header.summary}${preflight}`);
      const explained = parsed.value ? explainValue(header, parsed.value.text, parsed.dialect) : undefined;
      if (explained) sections.push(`\`${parsed.value?.text}\`: ${explained}`);
    }
  }
  const directive = isConfig ? directiveHoverAt(line, doc.languageId, position.character) : undefined;
  if (directive) {
    range ??= { start: { line: position.line, character: directive.token.start }, end: { line: position.line, character: directive.token.end } };
    sections.push(directive.markdown);
  }
  const offset = doc.offsetAt(position);
  const seen = new Set<string>();
  for (const finding of findings) {
    const { start, end } = finding.span.range;
    if (offset < start.offset || offset > end.offset || seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    const info = ruleInfo(finding.ruleId);
    if (!info) continue;
    sections.push(`**${finding.ruleId}**: ${info.description} ([documentation](${info.docsUrl}))`);
  }
  if (sections.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range };
}
