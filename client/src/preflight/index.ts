import * as vscode from 'vscode';
import { RequestHistory } from './history';
import { DEFAULT_FORM, parseForm, type RequestForm } from './messages';
import { PANEL_VIEW_TYPE, PreflightPanel } from './panel';
import { prefillToForm } from './prefill';
import { checkForm } from './request-form';

/** The last request sent, so a command asking for a URL starts from it. */
function lastForm(context: vscode.ExtensionContext): RequestForm {
  return new RequestHistory(context.globalState).entries()[0]?.form ?? DEFAULT_FORM;
}

async function askUrl(context: vscode.ExtensionContext, title: string): Promise<RequestForm | undefined> {
  const last = lastForm(context);
  const url = await vscode.window.showInputBox({
    title,
    prompt: 'The URL a page would fetch',
    placeHolder: 'https://api.example.com/items',
    value: last.url,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const checked = checkForm({ ...last, url: text });
      return checked.ok || checked.field !== 'url' ? undefined : checked.message;
    },
  });
  return url === undefined ? undefined : { ...last, url: url.trim() };
}

/** The tester's commands: open the panel, send a test (prefilled by a code lens, or for a URL typed in), probe origins. */
export function registerPreflight(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      // The page keeps its form in the webview state (it survives a reload); the history is the fallback.
      deserializeWebviewPanel: async (webview, state: unknown) => {
        const kept = parseForm((state as { form?: unknown } | undefined)?.form);
        PreflightPanel.revive(webview, context, kept ?? new RequestHistory(context.globalState).entries()[0]?.form);
      },
    }),
    vscode.commands.registerCommand('corsPreflight.openPreflightTester', () => {
      PreflightPanel.createOrShow(context);
    }),
    vscode.commands.registerCommand('corsPreflight.sendTestPreflight', async (prefill?: unknown) => {
      const asked = prefillToForm(prefill);
      if (asked) {
        // From a config: the hosts there may be production ones, so the user checks the form and sends.
        PreflightPanel.createOrShow(context, { ...DEFAULT_FORM, ...lastOptions(context), ...asked });
        return;
      }
      const form = await askUrl(context, 'CORS: Send Test Preflight');
      if (form) await PreflightPanel.createOrShow(context).sendNow(form);
    }),
    vscode.commands.registerCommand('corsPreflight.probeOrigins', async () => {
      const form = await askUrl(context, 'CORS: Probe Origins');
      if (form) await PreflightPanel.createOrShow(context).probe(form);
    }),
  );
}

/** The connection settings the user chose last (self-signed, timeout) carry over to a prefilled form. */
function lastOptions(context: vscode.ExtensionContext): Pick<RequestForm, 'insecure' | 'timeoutSeconds'> {
  const last = lastForm(context);
  return { insecure: last.insecure, timeoutSeconds: last.timeoutSeconds };
}
