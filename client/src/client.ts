import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { StatusNotification, type StatusParams } from '../../server/src/lsp/protocol';
import { CrashPolicy } from './crash-policy';
import { SERVED_LANGUAGES } from './languages';
import type { StatusBar } from './status-bar';

/** The language client: starts the bundled server over IPC and restarts it after a crash. */
export class CorsClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly crashes = new CrashPolicy();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly status: StatusBar,
  ) {}

  async start(): Promise<void> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: SERVED_LANGUAGES.map((language) => ({ scheme: 'file', language })),
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: this.errorHandler(),
      initializationFailedHandler: (error) => {
        this.output.error(`The server could not start: ${String(error)}`);
        this.status.failed('the server could not start');
        return false;
      },
    };
    this.client = new LanguageClient('corsPreflight', 'CORS Preflight', serverOptions, clientOptions);
    this.client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.status.running();
    });
    await this.client.start();
    this.client.onNotification(StatusNotification.method, (params: StatusParams) => this.status.update(params));
  }

  /**
   * A fresh client and server: the old pair is disposed whatever state it is in
   * (running, restarting after a crash, failed), so the command always works.
   */
  async restart(): Promise<void> {
    this.crashes.reset();
    this.status.starting();
    const old = this.client;
    this.client = undefined;
    try {
      await old?.dispose(2000);
    } catch (error) {
      this.output.warn(`The old server did not stop cleanly: ${String(error)}`);
    }
    try {
      await this.start();
      this.output.info('Server restarted');
    } catch (error) {
      this.output.error(`The server could not be restarted: ${String(error)}`);
      this.status.failed('the server could not be restarted');
      void vscode.window.showErrorMessage('The CORS Preflight server could not be restarted.', 'Show Log').then((pick) => pick && this.output.show());
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client && client.state !== State.Stopped) await client.stop();
  }

  dispose(): void {
    void this.stop();
  }

  /** Restarts after a crash; tells the user once, and gives up after repeated crashes instead of looping. */
  private errorHandler(): ErrorHandler {
    return {
      error: (error, _message, count): ErrorHandlerResult => {
        this.output.error(`Connection to the server failed: ${error.message}`);
        return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: (): CloseHandlerResult => {
        const verdict = this.crashes.crashed();
        if (!verdict.restart) {
          const message = `The CORS Preflight server stopped ${verdict.recent} times in the last ${this.crashes.windowMs / 60_000} minutes and will not be restarted. Run "CORS Preflight: Restart Server" after looking at the log.`;
          this.output.error(message);
          this.status.failed('it crashed repeatedly');
          void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => pick && this.output.show());
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        this.output.warn('The server stopped unexpectedly; restarting it.');
        if (verdict.tellUser) {
          // Logged so the log shows how often the user was told, not only how often it crashed.
          this.output.info('Told the user that the server was restarted.');
          void vscode.window.showWarningMessage('The CORS Preflight server stopped unexpectedly and was restarted.', 'Show Log').then((pick) => pick && this.output.show());
        }
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }
}
