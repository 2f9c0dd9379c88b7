import * as vscode from 'vscode';
import { CorsClient } from './client';
import { registerCommands } from './commands';
import { watchLanguageDetection } from './language-detection';
import { registerPreflight } from './preflight/index';
import { StatusBar } from './status-bar';

let client: CorsClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('CORS Preflight', { log: true });
  const status = new StatusBar();
  context.subscriptions.push(output, status);
  client = new CorsClient(context, output, status);
  context.subscriptions.push(client);
  registerCommands(context, client, output);
  watchLanguageDetection(context);
  registerPreflight(context);
  await client.start();
  output.info(`Activated in ${Date.now() - started} ms`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
