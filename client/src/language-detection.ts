import * as path from 'node:path';
import * as vscode from 'vscode';
import { looksLikeApacheText } from '../../server/src/parsers/apache/detect';
import { looksLikeNginx } from '../../server/src/parsers/nginx/detect';

/** Enough lines to get past a licence header to the first directives. */
const HEAD_LINES = 60;

/**
 * Extensionless configs (`sites-enabled/api`, `conf.d/cors`) open as plain text;
 * their content tells nginx from Apache, with the detection the server uses.
 */
export function detectLanguage(doc: vscode.TextDocument): 'nginx' | 'apacheconf' | undefined {
  if (doc.languageId !== 'plaintext' || doc.uri.scheme !== 'file') return undefined;
  // Only files without an extension (or `.conf`): a `.txt` file stays text.
  const ext = path.extname(doc.uri.fsPath).toLowerCase();
  if (ext !== '' && ext !== '.conf') return undefined;
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, HEAD_LINES), 0));
  // The server's detector trusts content alone only for `.conf` names; a file the user opened is
  // judged by its content the same way, as if it had that extension.
  const asConf = path.join(path.dirname(doc.uri.fsPath), `${path.basename(doc.uri.fsPath, ext)}.conf`);
  if (looksLikeNginx(asConf, head)) return 'nginx';
  if (looksLikeApacheText(head)) return 'apacheconf';
  return undefined;
}

export function watchLanguageDetection(context: vscode.ExtensionContext): void {
  const check = (doc: vscode.TextDocument) => {
    const language = detectLanguage(doc);
    if (language) void vscode.languages.setTextDocumentLanguage(doc, language);
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
}
