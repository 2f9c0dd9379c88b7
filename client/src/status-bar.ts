import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol';

/** The finding count in the status bar; a click opens the Problems panel. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('corsPreflight.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'CORS Preflight';
    this.item.command = 'workbench.actions.view.problems';
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.item.text = '$(sync~spin) CORS';
    this.item.tooltip = 'CORS Preflight is starting';
    this.item.backgroundColor = undefined;
  }

  update(status: StatusParams): void {
    const total = status.errors + status.warnings + status.infos;
    const icon = status.errors > 0 ? '$(error)' : status.warnings > 0 ? '$(warning)' : '$(pass)';
    // While analysing, the count would be a half-way figure: show the spinner alone.
    this.item.text = status.busy ? '$(sync~spin) CORS' : `${icon} CORS ${total}`;
    const parts = [plural(status.errors, 'error'), plural(status.warnings, 'warning'), plural(status.infos, 'info')];
    this.item.tooltip = `CORS Preflight: ${parts.join(', ')} in ${plural(status.files, 'file')}${status.busy ? ' (analysing…)' : ''}. Click to open the Problems panel.`;
    this.item.backgroundColor = undefined;
  }

  failed(message: string): void {
    this.item.text = '$(error) CORS';
    this.item.tooltip = `CORS Preflight stopped: ${message}. Click to see its log.`;
    this.item.command = 'corsPreflight.showOutput';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  running(): void {
    this.item.command = 'workbench.actions.view.problems';
  }

  dispose(): void {
    this.item.dispose();
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}
