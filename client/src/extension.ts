import * as vscode from 'vscode';
import { CorsClient } from './client';
import { registerCommands } from './commands';
import { watchLanguageDetection } from './language-detection';
import { registerPreflight } from './preflight/index';
import { StatusBar } from './status-bar';

let client: CorsClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('CORS Preflight', { log: true });
  const status = new StatusBar();
  context.subscriptions.push(output, status);
  client = new CorsClient(context, output, status);
  context.subscriptions.push(client);
  registerCommands(context, client, output);
  watchLanguageDetection(context);
  registerPreflight(context);
  // The server starts in the background: activation returns before its first answer, so opening a file stays fast.
  const starting = client.start();
  output.info(`Activated in ${Date.now() - started} ms`);
  starting.then(
    () => output.info(`Server ready ${Date.now() - started} ms after activation began`),
    (error: unknown) => output.error(`The server could not start: ${String(error)}`),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
