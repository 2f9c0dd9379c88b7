import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { HEADER_DOCS, headerDoc } from './header-docs';
import { parseHeaderLine, roleAt } from './header-line';

const CONFIG_LANGUAGES = new Set(['nginx', 'apacheconf', 'plaintext']);
const APACHE_CONDITIONS = ['always', 'onsuccess'];
const APACHE_ACTIONS = ['set', 'add', 'append', 'merge', 'setifempty', 'unset'];

/**
 * Completion inside nginx `add_header` and Apache `Header` lines: CORS header
 * names, typical values for the header, and the words around them.
 */
export function completeAt(doc: TextDocument, position: Position): CompletionItem[] {
  // Server code is served for diagnostics only; its completion belongs to its language's own tools.
  if (!CONFIG_LANGUAGES.has(doc.languageId)) return [];
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: position });
  const parsed = parseHeaderLine(line);
  if (!parsed) return [];
  const { role, token } = roleAt(parsed, position.character);
  // The word being typed is replaced as a whole, quotes included.
  const replace = token
    ? { start: { line: position.line, character: token.start }, end: { line: position.line, character: token.end } }
    : { start: position, end: position };
  const item = (label: string, kind: CompletionItemKind, detail: string, documentation?: string, sortText?: string): CompletionItem => ({
    label,
    kind,
    detail,
    documentation: documentation ? { kind: MarkupKind.Markdown, value: documentation } : undefined,
    textEdit: { range: replace, newText: label },
    insertTextFormat: InsertTextFormat.PlainText,
    sortText,
  });
  switch (role) {
    case 'name':
      return HEADER_DOCS.map((h, i) => item(h.name, CompletionItemKind.Property, h.preflightOnly ? 'CORS preflight response header' : 'CORS response header', h.summary, String(i).padStart(2, '0')));
    case 'value': {
      const header = parsed.name ? headerDoc(parsed.name.text) : undefined;
      if (!header) return [];
      return header.values.map((v, i) => item(v.text[parsed.dialect], CompletionItemKind.Value, v.detail, undefined, String(i).padStart(2, '0')));
    }
    case 'after':
      if (parsed.dialect !== 'nginx' || parsed.tokens.slice(parsed.nameIndex + 2).some((t) => t.text === 'always' && t !== token)) return [];
      return [item('always', CompletionItemKind.Keyword, 'also on error responses (4xx, 5xx)', 'Without `always`, nginx adds the header only to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 responses, so browsers hide error bodies from scripts.')];
    case 'condition':
      return [
        ...APACHE_CONDITIONS.map((c) => item(c, CompletionItemKind.Keyword, c === 'always' ? 'also on error and redirect responses' : 'only on success responses (the default)')),
        ...APACHE_ACTIONS.map((a) => item(a, CompletionItemKind.Keyword, 'header action')),
      ];
    case 'action':
      return APACHE_ACTIONS.map((a) => item(a, CompletionItemKind.Keyword, 'header action'));
    default:
      return [];
  }
}
