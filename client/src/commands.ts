import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CorsClient } from './client';

/** Rule ids are kebab-case words; anything else never names a bundled page. */
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function registerCommands(context: vscode.ExtensionContext, client: CorsClient, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('corsPreflight.showRuleDocs', (ruleId?: unknown, url?: unknown) => showRuleDocs(context, ruleId, url)),
    vscode.commands.registerCommand('corsPreflight.restartServer', async () => {
      output.info('Restarting the server');
      await client.restart();
    }),
    vscode.commands.registerCommand('corsPreflight.showOutput', () => output.show()),
  );
}

/**
 * Opens a rule's documentation: the page shipped inside the extension (works
 * offline), else the online page. Without a rule id, asks for one.
 */
async function showRuleDocs(context: vscode.ExtensionContext, ruleId: unknown, url: unknown): Promise<void> {
  let id = typeof ruleId === 'string' && RULE_ID.test(ruleId) ? ruleId : undefined;
  if (!id) {
    const pages = listRulePages(context);
    id = await vscode.window.showQuickPick(pages, { placeHolder: 'Which rule?', title: 'CORS Preflight: Show Rule Documentation' });
    if (!id) return;
  }
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${id}.md`);
  if (fs.existsSync(page.fsPath)) {
    await vscode.commands.executeCommand('markdown.showPreview', page);
    return;
  }
  if (typeof url === 'string' && /^https:\/\//.test(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
  else void vscode.window.showWarningMessage(`There is no documentation for "${id}".`);
}

function listRulePages(context: vscode.ExtensionContext): string[] {
  try {
    return fs
      .readdirSync(vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').fsPath)
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -3))
      // The folder's index is not a rule.
      .filter((id) => RULE_ID.test(id))
      .sort();
  } catch {
    return [];
  }
}
