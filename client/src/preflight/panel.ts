import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { RequestHistory } from './history';
import { parseViewMessage, type HostMessage, type RequestForm } from './messages';
import { panelHtml } from './panel-html';
import { TesterController, type TesterHost } from './tester-controller';

export const PANEL_VIEW_TYPE = 'corsPreflight.tester';
/** The page's script and stylesheet, built into dist/ (see scripts/build.mjs). */
const MEDIA = ['dist', 'preflight'];

function webviewOptions(media: vscode.Uri): vscode.WebviewOptions {
  // No command links: the page talks to the extension by messages only.
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
}

/** The tester's webview panel: one at a time, shown again rather than opened twice. */
export class PreflightPanel implements vscode.Disposable {
  private static current: PreflightPanel | undefined;
  private readonly controller: TesterController;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static createOrShow(context: vscode.ExtensionContext, prefill?: Partial<RequestForm>): PreflightPanel {
    let panel = PreflightPanel.current;
    if (panel) {
      panel.panel.reveal(panel.panel.viewColumn);
    } else {
      const media = vscode.Uri.joinPath(context.extensionUri, ...MEDIA);
      const webview = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'CORS Preflight Tester', vscode.ViewColumn.Active, {
        ...webviewOptions(media),
        retainContextWhenHidden: true,
      });
      panel = new PreflightPanel(webview, media, context);
      PreflightPanel.current = panel;
    }
    if (prefill) panel.controller.prefill(prefill);
    return panel;
  }

  /** A panel VS Code kept open across a reload: the page is built again, with the last request in the form. */
  static revive(webview: vscode.WebviewPanel, context: vscode.ExtensionContext, last: RequestForm | undefined): PreflightPanel {
    const media = vscode.Uri.joinPath(context.extensionUri, ...MEDIA);
    webview.webview.options = webviewOptions(media);
    PreflightPanel.current?.dispose();
    const panel = new PreflightPanel(webview, media, context);
    PreflightPanel.current = panel;
    if (last) panel.controller.prefill(last);
    return panel;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly media: vscode.Uri,
    context: vscode.ExtensionContext,
  ) {
    const host: TesterHost = {
      post: (message: HostMessage) => void this.panel.webview.postMessage(message),
      copy: (text) => vscode.env.clipboard.writeText(text),
      withProgress: (title, task) =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          let last = 0;
          const report = (done: number, total: number) => {
            const percent = total > 0 ? (done / total) * 100 : 0;
            progress.report({ increment: percent - last, message: `${done} of ${total} origins` });
            last = percent;
          };
          return task(report, abort.signal).finally(() => sub.dispose());
        }),
    };
    this.controller = new TesterController(host, new RequestHistory(context.globalState));
    this.panel.webview.html = this.html();
    this.panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseViewMessage(raw);
      // A page that sends something else is not ours to obey.
      if (message) {
        this.controller.handle(message).catch((error: unknown) => {
          // A defect here must not leave the panel waiting: it says what failed and stays usable.
          host.post({ type: 'failed', what: message.type === 'probe' ? 'probe' : 'send', message: `Internal error: ${error instanceof Error ? error.message : String(error)}` });
        });
      }
    }, undefined, this.disposables);
    this.panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  private html(): string {
    const webview = this.panel.webview;
    return panelHtml({
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'view.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'panel.css')).toString(),
      codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'codicon.css')).toString(),
    });
  }

  /** Runs the probes for a URL, shown in the panel (the command "Probe Origins…"). */
  probe(form: RequestForm): Promise<void> {
    this.controller.prefill(form);
    return this.controller.probe(form);
  }

  /** Sends a test at once (the command "Send Test Preflight…" with a URL typed in). */
  sendNow(form: RequestForm): Promise<void> {
    this.controller.prefill(form);
    return this.controller.send(form);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (PreflightPanel.current === this) PreflightPanel.current = undefined;
    this.controller.dispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
