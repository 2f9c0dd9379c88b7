import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { startLanguageServer } from '../../../server/src/lsp/server';
import { StatusNotification, type StatusParams } from '../../../server/src/lsp/protocol';

/** The real server and a protocol client, talking over in-memory streams. */
export interface LspSession {
  client: ProtocolConnection;
  /** Settings the server reads through `workspace/configuration`, per scope URI prefix (`*` for all). */
  settings: Record<string, unknown>;
  diagnostics: Map<string, Diagnostic[]>;
  /** Every publishDiagnostics notification, in order. */
  publications: PublishDiagnosticsParams[];
  progress: unknown[];
  statuses: StatusParams[];
  logs: string[];
  registrations: string[];
  /** How often the server asked the editor to request code lenses again. */
  lensRefreshes: number;
  folder: string;
  /** What the client answers to `workspace/workspaceFolders`; tests change it to add or remove folders. */
  folders: { uri: string; name: string }[];
  uri(relative: string): string;
  file(relative: string): string;
  dispose(): Promise<void>;
}

export const POLL_MS = 10;

/** Polls a condition until it holds; fails with the last value seen and the server log. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, session?: LspSession, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) {
      const log = session ? `\nserver log:\n${session.logs.join('\n')}` : '';
      throw new Error(`timed out waiting for ${what}${log}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Waits for diagnostics of a document that satisfy `accept` (by default: any publication after `after`). */
export function waitForDiagnostics(
  session: LspSession,
  uri: string,
  accept: (diagnostics: Diagnostic[]) => boolean,
  after = 0,
): Promise<Diagnostic[]> {
  const seen = () => {
    const all = session.publications.filter((p) => p.uri === uri);
    return all.length === 0 ? 'none published' : `last published: [${codes(all[all.length - 1].diagnostics).join(', ')}] of ${all.length}`;
  };
  return waitFor(`diagnostics of ${uri} (${seen()} when the wait began)`, () => {
    const found = session.publications.slice(after).filter((p) => p.uri === uri);
    const last = found[found.length - 1];
    return last && accept(last.diagnostics) ? last.diagnostics : undefined;
  }, session);
}

/** Copies a fixture folder to a fresh temporary folder. */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cors-lsp-${name}-`));
  fs.cpSync(path.join(__dirname, '..', 'fixtures', name), dir, { recursive: true });
  return fs.realpathSync(dir);
}

/** Starts a session on a workspace folder, and optionally more folders (a multi-root workspace). */
export async function startSession(folder: string, settings: Record<string, unknown> = {}, moreFolders: string[] = []): Promise<LspSession> {
  const folders = [folder, ...moreFolders].map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) }));
  const up = new PassThrough();
  const down = new PassThrough();
  // Reader/writer objects, not raw streams: the server then never exits the process when a test ends.
  const serverConnection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startLanguageServer(serverConnection);
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const session: LspSession = {
    client,
    settings: { '*': settings },
    diagnostics: new Map(),
    publications: [],
    progress: [],
    statuses: [],
    logs: [],
    registrations: [],
    lensRefreshes: 0,
    folder,
    folders,
    uri: (relative) => pathToFileURL(path.join(folder, relative)).href,
    file: (relative) => path.join(folder, relative),
    dispose: async () => {
      client.dispose();
      serverConnection.dispose();
      up.destroy();
      down.destroy();
      for (const f of [folder, ...moreFolders]) fs.rmSync(f, { recursive: true, force: true });
    },
  };
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    session.publications.push(p);
    session.diagnostics.set(p.uri, p.diagnostics);
  });
  client.onNotification(StatusNotification.method, (p: StatusParams) => void session.statuses.push(p));
  client.onNotification('window/logMessage', (p: { message: string }) => void session.logs.push(p.message));
  client.onNotification('$/progress', (p: unknown) => void session.progress.push(p));
  client.onRequest('window/workDoneProgress/create', () => null);
  client.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
    session.registrations.push(...p.registrations.map((r) => r.method));
    return null;
  });
  client.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
    p.items.map((item) => {
      const scoped = Object.keys(session.settings).find((k) => k !== '*' && (item.scopeUri === k || item.scopeUri?.startsWith(`${k}/`)));
      return session.settings[scoped ?? '*'];
    }),
  );
  client.onRequest('workspace/workspaceFolders', () => session.folders);
  client.onRequest('workspace/codeLens/refresh', () => {
    session.lensRefreshes++;
    return null;
  });
  client.listen();
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [...folders],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } },
    },
  });
  await client.sendNotification('initialized', {});
  return session;
}

export async function openDocument(session: LspSession, relative: string, languageId = 'nginx', text?: string): Promise<string> {
  const uri = session.uri(relative);
  const content = text ?? fs.readFileSync(session.file(relative), 'utf8');
  await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: content } });
  return uri;
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}
