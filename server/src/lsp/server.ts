import * as fs from 'node:fs';
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { initSources } from '../engine/analyze';
import { RESERVED_IDS } from '../engine/run-analysis';
import { allRules, ruleById } from '../rules/index';
import { docsUrl } from '../rules/rule';
import { AnalysisService } from './analysis-service';
import { codeActions } from './code-actions';
import { completeAt } from './completion';
import { ConfigurationStore } from './configuration';
import { OpenDocuments } from './documents';
import { describeError } from './folder-analysis';
import { hoverAt } from './hover';
import { preflightActions, preflightLenses } from './preflight-lens';
import { FIX_ALL_KIND } from './protocol';
import { pathToUri, uriToPath } from './uri';
import { keepWasmInBaselineTier } from './wasm-tiering';

const KNOWN_IDS = new Set([...allRules.map((r) => r.meta.id), ...RESERVED_IDS]);

/**
 * Starts the language server on a connection (by default the one the process was
 * started with: stdio, IPC or a socket, as the client asked). Only wiring here;
 * each feature lives in its own module.
 */
export function startLanguageServer(connection: Connection = createConnection()): Connection {
  keepWasmInBaselineTier();
  // The client's log channel stamps the time itself.
  const log = (message: string) => connection.console.log(message);
  const warn = (message: string) => connection.console.warn(message);
  const config = new ConfigurationStore(connection, () => KNOWN_IDS, warn);
  let service: AnalysisService | undefined;
  const docs = new OpenDocuments((file) => service?.runsOnType(file) ?? true);
  service = new AnalysisService(connection, docs, config, (id) => ruleById(id) !== undefined, log);
  const analysis = service;
  let initialFolders: WorkspaceFolder[] = [];
  let watchesDynamically = false;
  let foldersChange = false;

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    config.supported = caps.workspace?.configuration === true;
    watchesDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    foldersChange = caps.workspace?.workspaceFolders === true;
    // Lenses sit on paths with findings: after an analysis the editor's are out of date.
    if (caps.workspace?.codeLens?.refreshSupport) analysis.onSettled = () => void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: [' ', '-'], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'cors-preflight' },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (config.supported) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'corsPreflight' });
      if (watchesDynamically) {
        // Every file: an extensionless snippet in sites-enabled/ may be included by a config.
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
      }
      if (foldersChange) {
        connection.workspace.onDidChangeWorkspaceFolders(() => {
          void connection.workspace.getWorkspaceFolders().then((folders) => analysis.setFolders(folders ?? []));
        });
      }
      await initSources();
      await analysis.setFolders(initialFolders);
      // Documents opened before the scan finished are outside every folder or need their buffer analysed.
      for (const file of docs.openFiles()) analysis.fileChanged(file, 'open');
    } catch (error) {
      log(`Start-up failed: ${describeError(error)}`);
    }
  });

  connection.onDidChangeConfiguration(() => void analysis.reloadSettings());
  connection.onDidChangeWatchedFiles((params) => analysis.filesChanged(params.changes));

  docs.documents.onDidOpen((e) => {
    const file = docs.capture(e.document, 'open');
    if (file) analysis.fileChanged(file, 'open');
  });
  docs.documents.onDidChangeContent((e) => {
    // The first content event of a document is its opening, handled above.
    if (e.document.version === docs.versionOf(uriToPath(e.document.uri) ?? '')) return;
    const file = docs.capture(e.document, 'change');
    if (file) analysis.fileChanged(file, 'type');
  });
  docs.documents.onDidSave((e) => {
    const file = docs.capture(e.document, 'save');
    if (file) analysis.fileChanged(file, 'save');
  });
  docs.documents.onDidClose((e) => {
    const file = docs.release(e.document);
    if (file) analysis.documentClosed(file);
  });

  connection.onCodeAction((params) =>
    guard(log, 'code actions', [], () => {
      const doc = docs.get(params.textDocument.uri);
      const file = uriToPath(params.textDocument.uri);
      if (!doc || !file) return [];
      const actions = codeActions(params, doc, {
        file,
        findings: analysis.findingsOf(file),
        analysedText: (f) => analysis.analysedText(f),
        currentText: (f) => currentText(docs, f),
        uriOf: (f) => pathToUri(f, docs.uris),
        isRule: (id) => ruleById(id) !== undefined,
        docsUrl,
      });
      if (params.context.only && !params.context.only.includes('quickfix')) return actions;
      return [...actions, ...preflightActions(analysis.targetsOf(file), params.context.diagnostics)];
    }),
  );

  connection.onCodeLens((params) =>
    guard(log, 'code lenses', [], () => {
      const file = uriToPath(params.textDocument.uri);
      return file ? preflightLenses(analysis.targetsOf(file), analysis.findingsOf(file)) : [];
    }),
  );

  connection.onHover((params) =>
    guard(log, 'hover', null, () => {
      const doc = docs.get(params.textDocument.uri);
      const file = uriToPath(params.textDocument.uri);
      if (!doc || !file) return null;
      const findings = analysis.analysedText(file) === doc.getText() ? analysis.findingsOf(file) : [];
      return hoverAt(doc, params.position, findings, (id) => {
        const rule = ruleById(id);
        return rule ? { description: rule.meta.description, docsUrl: docsUrl(id) } : undefined;
      });
    }),
  );

  connection.onCompletion((params) =>
    guard(log, 'completion', [], () => {
      const doc = docs.get(params.textDocument.uri);
      return doc ? completeAt(doc, params.position) : [];
    }),
  );

  docs.listen(connection);
  connection.listen();
  return connection;
}

/** Runs a request handler; a defect in it is logged and answered with an empty result, never a crash. */
function guard<T>(log: (m: string) => void, what: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    log(`Internal error in ${what}: ${describeError(error)}`);
    return fallback;
  }
}

function currentText(docs: OpenDocuments, file: string): string | undefined {
  const uri = docs.uris.get(file);
  const open = uri ? docs.get(uri) : undefined;
  if (open) return open.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
