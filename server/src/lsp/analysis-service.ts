import * as path from 'node:path';
import { FileChangeType, type Connection, type Diagnostic, type FileEvent, type WorkspaceFolder } from 'vscode-languageserver';
import type { Finding } from '../core/finding';
import { docsUrl } from '../rules/rule';
import type { ConfigurationStore } from './configuration';
import type { OpenDocuments } from './documents';
import { FolderAnalysis, describeError } from './folder-analysis';
import type { PreflightTarget } from './preflight-lens';
import { findingToDiagnostic, PositionCache, type ConversionContext } from './finding-to-diagnostic';
import { StatusNotification, type StatusParams } from './protocol';
import { pathToUri, uriToPath } from './uri';

/** Quiet time after files were created or deleted before the folder is scanned again. */
export const RESCAN_DELAY_MS = 300;

export type ChangeReason = 'open' | 'type' | 'save' | 'watch';

interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

function countProblems(diagnostics: readonly Diagnostic[]): ProblemCounts {
  const counts: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === 1) counts.errors++;
    else if (d.severity === 2) counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

/**
 * Runs analyses one at a time, keeps the state of every workspace folder,
 * and publishes diagnostics and the status summary.
 */
export class AnalysisService {
  private readonly folders = new Map<string, FolderAnalysis>();
  /** Folders of files opened outside every workspace folder. */
  private readonly looseFolders = new Map<string, FolderAnalysis>();
  private readonly pending = new Set<string>();
  /** A flush is scheduled or running: edits meanwhile wait in `pending` and go in the next one. */
  private flushing = false;
  private readonly rescanPending = new Set<FolderAnalysis>();
  private rescanTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private busy = 0;
  /** Problem counts of every file with diagnostics, for the status; the diagnostics themselves are the client's to keep. */
  private readonly published = new Map<string, ProblemCounts>();
  /** Called when the queue runs dry: what depends on findings (code lenses) is asked for again. */
  onSettled: (() => void) | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly docs: OpenDocuments,
    private readonly config: ConfigurationStore,
    private readonly hasRule: (id: string) => boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** Replaces the workspace folders, keeping the state of those that stay. */
  async setFolders(folders: readonly WorkspaceFolder[]): Promise<void> {
    const wanted = new Map<string, string>();
    for (const f of folders) {
      const p = uriToPath(f.uri);
      if (p) wanted.set(p, f.uri);
    }
    for (const [p, analysis] of this.folders) {
      if (!wanted.has(p)) {
        this.folders.delete(p);
        this.clearFiles(analysis.reset());
      }
    }
    const added: FolderAnalysis[] = [];
    for (const [p, uri] of wanted) {
      if (this.folders.has(p)) continue;
      const analysis = new FolderAnalysis(p, await this.config.get(uri), this.docs.overlay, this.log, true);
      this.folders.set(p, analysis);
      added.push(analysis);
    }
    if (added.length > 0) await this.scan(added);
  }

  /** Settings changed: read them again and re-analyse everything with them. */
  async reloadSettings(): Promise<void> {
    this.config.clear();
    for (const analysis of this.allFolders()) analysis.settings = await this.config.get(pathToUri(analysis.folder));
    await this.scan([...this.folders.values()]);
    const loose = [...this.looseFolders.values()];
    await this.enqueue(async () => {
      for (const analysis of loose) await this.reanalyseIn(analysis, analysis.knownFiles());
    });
  }

  /** Whether edits of this file are analysed as they are typed. */
  runsOnType(file: string): boolean {
    return this.folderOf(file)?.settings.run !== 'onSave';
  }

  /** Schedules a re-analysis of a file and everything connected to it. */
  fileChanged(file: string, reason: ChangeReason): void {
    const analysis = this.folderOf(file);
    if (analysis && reason === 'type' && analysis.settings.run === 'onSave') return;
    this.pending.add(file);
    this.scheduleFlush();
  }

  /**
   * No fixed pause after a keystroke: the first edit is analysed at once, and
   * edits that arrive while an analysis runs are coalesced into the next one,
   * so a fast typist costs one analysis per analysis time, not per key.
   */
  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    // setImmediate: changes already read from the connection in this turn join the same analysis.
    setImmediate(() => {
      void this.flushPending().finally(() => {
        this.flushing = false;
        if (this.pending.size > 0) this.scheduleFlush();
      });
    });
  }

  /** Files changed on disk (`workspace/didChangeWatchedFiles`). */
  filesChanged(events: readonly FileEvent[]): void {
    const rescan = new Set<FolderAnalysis>();
    for (const event of events) {
      const file = uriToPath(event.uri);
      if (!file) continue;
      const analysis = this.folderOf(file);
      // The editor's buffer wins over the disk for open documents.
      if (this.docs.isOpen(file) && event.type === FileChangeType.Changed) continue;
      if (event.type === FileChangeType.Changed || !analysis?.scanned) {
        this.fileChanged(file, 'watch');
        continue;
      }
      // A created or deleted file may match an include glob of any config of the folder.
      if (analysis.knows(file) || analysis.accepts(file)) rescan.add(analysis);
    }
    if (rescan.size === 0) return;
    // A build or a checkout creates files in bursts: one scan after the burst, not one per event.
    for (const analysis of rescan) this.rescanPending.add(analysis);
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      const folders = [...this.rescanPending];
      this.rescanPending.clear();
      void this.scan(folders);
    }, RESCAN_DELAY_MS);
  }

  /** A document was closed: files outside the workspace lose their diagnostics. */
  documentClosed(file: string): void {
    const loose = [...this.looseFolders.values()].find((a) => a.knows(file));
    if (loose && !this.folderOf(file)?.scanned) {
      void this.enqueue(async () => {
        this.clearFiles(loose.reset());
        this.sendStatus();
      });
      return;
    }
    this.fileChanged(file, 'watch');
  }

  findingsOf(file: string): readonly Finding[] {
    return this.stateOf(file)?.findingsOf(file) ?? [];
  }

  targetsOf(file: string): readonly PreflightTarget[] {
    return this.stateOf(file)?.targetsOf(file) ?? [];
  }

  /** The text the last analysis saw for a file (fix offsets refer to it). */
  analysedText(file: string): string | undefined {
    return this.stateOf(file)?.textOf(file);
  }

  /**
   * The analysis whose findings of a file the editor was sent. A document opened
   * while the server starts is analysed as a loose file; until the scan of the
   * workspace folder that was added meanwhile reaches it, hovers and fixes come
   * from that analysis, as its diagnostics did.
   */
  private stateOf(file: string): FolderAnalysis | undefined {
    const owner = this.folderOf(file);
    if (owner?.knows(file)) return owner;
    for (const loose of this.looseFolders.values()) if (loose.knows(file)) return loose;
    return owner;
  }

  private async scan(analyses: readonly FolderAnalysis[]): Promise<void> {
    await this.enqueue(async () => {
      const progress = await this.connection.window.createWorkDoneProgress();
      progress.begin('CORS Preflight', 0, 'Analysing the workspace…', false);
      try {
        let done = 0;
        for (const analysis of analyses) {
          progress.report(Math.round((done / analyses.length) * 100), `Analysing ${path.basename(analysis.folder)}…`);
          if (!analysis.settings.enable) {
            this.clearFiles(analysis.reset());
          } else {
            const started = Date.now();
            const files = await analysis.scan();
            this.publish(analysis, files);
            this.log(`Analysed ${analysis.knownFiles().length} files of ${analysis.folder} in ${Date.now() - started} ms`);
          }
          done++;
        }
      } finally {
        progress.done();
      }
    });
  }

  private flushPending(): Promise<void> {
    return this.enqueue(async () => {
      const files = [...this.pending];
      this.pending.clear();
      const byFolder = new Map<FolderAnalysis, string[]>();
      for (const file of files) {
        const analysis = await this.folderFor(file);
        const list = byFolder.get(analysis);
        if (list) list.push(file);
        else byFolder.set(analysis, [file]);
      }
      for (const [analysis, changed] of byFolder) {
        // Outside the workspace only open documents are analysed: one closed meanwhile stays cleared.
        const wanted = analysis.scanned ? changed : changed.filter((f) => this.docs.isOpen(f));
        if (wanted.length > 0) await this.reanalyseIn(analysis, wanted);
      }
    });
  }

  private async reanalyseIn(analysis: FolderAnalysis, changed: string[]): Promise<void> {
    if (!analysis.settings.enable) {
      this.clearFiles(analysis.reset());
      return;
    }
    this.publish(analysis, await analysis.reanalyse(changed));
  }

  /** Runs one job after the others; an exception is logged, never thrown to the connection. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = async () => {
      this.busy++;
      if (this.busy === 1) this.sendStatus();
      try {
        await job();
      } catch (error) {
        this.log(`Internal error: ${describeError(error)}`);
      } finally {
        this.busy--;
        this.sendStatus();
        if (this.busy === 0) this.onSettled?.();
      }
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  private publish(analysis: FolderAnalysis, files: Iterable<string>): void {
    // Every edit and related location names a file, every finding its rule: a URL built once per batch serves them all.
    const uris = new Map<string, string>();
    const docsPages = new Map<string, string | undefined>();
    const ctx: ConversionContext = {
      textOf: (file) => analysis.textOf(file),
      uriOf: (file) => {
        let uri = uris.get(file);
        if (uri === undefined) uris.set(file, (uri = pathToUri(file, this.docs.uris)));
        return uri;
      },
      docsOf: (ruleId) => {
        if (!docsPages.has(ruleId)) docsPages.set(ruleId, this.hasRule(ruleId) ? docsUrl(ruleId) : undefined);
        return docsPages.get(ruleId);
      },
      versionOf: (file) => this.docs.versionOf(file),
    };
    const positions = new PositionCache();
    for (const file of files) {
      const diagnostics: Diagnostic[] = [];
      for (const finding of analysis.findingsOf(file)) {
        try {
          diagnostics.push(findingToDiagnostic(finding, ctx, positions));
        } catch (error) {
          this.log(`Could not report a ${finding.ruleId} finding in ${file}: ${describeError(error)}`);
        }
      }
      this.send(file, diagnostics);
    }
  }

  private clearFiles(files: Iterable<string>): void {
    for (const file of files) this.send(file, []);
  }

  private send(file: string, diagnostics: Diagnostic[]): void {
    // Clean files nobody looks at need no message; an open document learns it is clean.
    if (diagnostics.length === 0 && !this.published.has(file) && !this.docs.isOpen(file)) return;
    if (diagnostics.length === 0) this.published.delete(file);
    else this.published.set(file, countProblems(diagnostics));
    void this.connection.sendDiagnostics({ uri: pathToUri(file, this.docs.uris), diagnostics });
  }

  private sendStatus(): void {
    const status: StatusParams = { errors: 0, warnings: 0, infos: 0, files: this.published.size, busy: this.busy > 0 };
    for (const counts of this.published.values()) {
      status.errors += counts.errors;
      status.warnings += counts.warnings;
      status.infos += counts.infos;
    }
    void this.connection.sendNotification(StatusNotification.method, status);
  }

  private allFolders(): FolderAnalysis[] {
    return [...this.folders.values(), ...this.looseFolders.values()];
  }

  /** The workspace folder holding a file (the innermost of nested folders). */
  private folderOf(file: string): FolderAnalysis | undefined {
    let best: FolderAnalysis | undefined;
    for (const analysis of this.folders.values()) {
      if (analysis.owns(file) && (!best || analysis.folder.length > best.folder.length)) best = analysis;
    }
    return best ?? [...this.looseFolders.values()].find((a) => a.owns(file) && a.knows(file)) ?? this.looseFolders.get(path.dirname(file));
  }

  private async folderFor(file: string): Promise<FolderAnalysis> {
    const known = this.folderOf(file);
    if (known) return known;
    const folder = path.dirname(file);
    const analysis = new FolderAnalysis(folder, await this.config.get(pathToUri(file)), this.docs.overlay, this.log, false);
    this.looseFolders.set(folder, analysis);
    return analysis;
  }
}
