import { INPUT_RULE_ID, type Finding } from '../core/finding';
import { analyzeFiles, discoveryFingerprint } from '../engine/analyze';
import { createNodeFileHost } from '../engine/node-file-host';
import type { FileHost } from '../engine/source';
import { IncludeGraph } from './include-graph';
import { UnitMemo } from '../engine/unit-memo';
import { preflightTarget, type PreflightTarget } from './preflight-lens';
import { PathFilter } from './path-filter';
import { RecordingHost, RunMemo } from './run-memo';
import type { Settings } from './settings';
import { isInside } from './uri';

export type Logger = (message: string) => void;

interface RunResult {
  findings: Finding[];
  files: string[];
  includes: ReadonlyMap<string, readonly string[]>;
  texts: Map<string, string>;
  targets: PreflightTarget[];
}

/**
 * The analysis state of one workspace folder: findings per file, the include
 * graph, and the text each file had when analysed (fix offsets refer to it).
 * Knows nothing of LSP; returns the files whose findings may have changed.
 */
export class FolderAnalysis {
  readonly graph = new IncludeGraph();
  private readonly findings = new Map<string, Finding[]>();
  private readonly texts = new Map<string, string>();
  private readonly targets = new Map<string, PreflightTarget[]>();
  private readonly memo = new RunMemo<RunResult>();
  /** Server blocks analysed before: an edit re-analyses the ones it changed. */
  private readonly units = new UnitMemo<PreflightTarget>((policy, places) => preflightTarget(policy, this.settingsValue.trustedOrigins, places));
  private filter: PathFilter;

  constructor(
    readonly folder: string,
    private settingsValue: Settings,
    private readonly overlay: Map<string, string>,
    private readonly log: Logger,
    /** A folder opened as a workspace is scanned; the folder of a loose file is not. */
    readonly scanned: boolean,
  ) {
    this.filter = new PathFilter(folder, settingsValue.include, settingsValue.exclude);
  }

  get settings(): Settings {
    return this.settingsValue;
  }

  set settings(value: Settings) {
    this.settingsValue = value;
    this.memo.clear();
    this.units.clear();
    this.filter = new PathFilter(this.folder, value.include, value.exclude);
  }

  owns(file: string): boolean {
    return isInside(this.folder, file);
  }

  accepts(file: string): boolean {
    return this.filter.accepts(file);
  }

  findingsOf(file: string): readonly Finding[] {
    return this.findings.get(file) ?? [];
  }

  /** The paths of this file the preflight tester can request. */
  targetsOf(file: string): readonly PreflightTarget[] {
    return this.targets.get(file) ?? [];
  }

  textOf(file: string): string | undefined {
    return this.texts.get(file);
  }

  knownFiles(): string[] {
    return [...this.findings.keys()];
  }

  /** Whether the file took part in an analysis (analysed itself or included). */
  knows(file: string): boolean {
    return this.findings.has(file);
  }

  /** Analyses the whole folder; returns every file analysed now or before. */
  async scan(): Promise<Set<string>> {
    const before = new Set(this.findings.keys());
    const result = await this.run([this.folder], false);
    if (!result) return new Set();
    this.findings.clear();
    this.texts.clear();
    this.targets.clear();
    this.graph.clear();
    this.absorb(result, new Set());
    for (const file of before) if (!this.findings.has(file)) this.units.forget(file);
    return new Set([...before, ...this.findings.keys()]);
  }

  /**
   * Re-analyses the changed files together with every file connected to them by
   * includes (the configs including a snippet, the snippets of a config).
   */
  async reanalyse(changed: readonly string[]): Promise<Set<string>> {
    const relevant = changed.filter((f) => this.accepts(f) || this.graph.includersOf(f).length > 0 || this.findings.has(f));
    if (relevant.length === 0) return new Set();
    const component = this.graph.component(relevant);
    const host = this.baseHost();
    const roots = this.graph.roots(component).filter((f) => this.accepts(f) && host.exists(f));
    const result = roots.length > 0 ? await this.run(roots, true) : emptyResult();
    if (!result) return new Set();
    return this.absorb(result, component);
  }

  /** Drops everything (the folder was removed or analysis was turned off); returns the files to clear. */
  reset(): string[] {
    const files = [...this.findings.keys()];
    this.memo.clear();
    this.units.clear();
    this.findings.clear();
    this.texts.clear();
    this.targets.clear();
    this.graph.clear();
    return files;
  }

  private absorb(result: RunResult, previous: ReadonlySet<string>): Set<string> {
    const byFile = new Map<string, Finding[]>();
    for (const file of result.files) byFile.set(file, []);
    for (const finding of result.findings) {
      const list = byFile.get(finding.span.file);
      if (list) list.push(finding);
      else byFile.set(finding.span.file, [finding]);
    }
    for (const file of previous) {
      if (!byFile.has(file)) {
        // No longer part of any analysis (deleted, excluded, no longer included).
        this.findings.delete(file);
        this.texts.delete(file);
        this.targets.delete(file);
        this.units.forget(file);
      }
      this.graph.removeOutgoing(file);
    }
    // Grouped once: filtering every target for every file is quadratic in a workspace scan.
    const targetsByFile = new Map<string, PreflightTarget[]>();
    for (const t of result.targets) {
      const list = targetsByFile.get(t.file);
      if (list) list.push(t);
      else targetsByFile.set(t.file, [t]);
    }
    for (const [file, list] of byFile) {
      this.findings.set(file, list);
      const text = result.texts.get(file);
      if (text !== undefined) this.texts.set(file, text);
      this.targets.set(file, targetsByFile.get(file) ?? []);
    }
    this.graph.update(result.includes);
    const touched = new Set([...previous, ...byFile.keys()]);
    this.memo.superseded(result, touched);
    return touched;
  }

  /** Runs the engine; a failure of the whole set is retried root by root, so one bad file cannot hide the others. */
  private async run(paths: readonly string[], named: boolean): Promise<RunResult | undefined> {
    try {
      return await this.runOnce(paths, named);
    } catch (error) {
      this.log(`Analysis of ${paths.join(', ')} failed: ${describeError(error)}`);
      if (paths.length < 2) return undefined;
    }
    const merged: RunResult = emptyResult();
    for (const one of paths) {
      try {
        const part = await this.runOnce([one], named);
        merged.findings.push(...part.findings);
        merged.files.push(...part.files);
        for (const [k, v] of part.includes) (merged.includes as Map<string, readonly string[]>).set(k, v);
        for (const [k, v] of part.texts) merged.texts.set(k, v);
        merged.targets.push(...part.targets);
      } catch (error) {
        this.log(`Analysis of ${one} failed: ${describeError(error)}`);
      }
    }
    return merged;
  }

  private async runOnce(paths: readonly string[], named: boolean): Promise<RunResult> {
    const s = this.settingsValue;
    const base = this.baseHost();
    const key = `${named ? 'named' : 'walked'}\u0000${paths.join('\u0000')}`;
    const discovery = () => discoveryFingerprint([...paths], { host: base, root: this.folder, include: s.include, exclude: s.exclude });
    // Only runs over named files are remembered: checking a whole folder's discovery again would cost a scan a walk or two of the folder.
    const known = named ? this.memo.lookup(key, s, discovery, base) : undefined;
    if (known) return known;
    const before = named ? discovery() : undefined;
    const host = new RecordingHost(base);
    const result = await analyzeFiles([...paths], {
      host,
      root: this.folder,
      include: s.include,
      exclude: s.exclude,
      trustedOrigins: s.trustedOrigins,
      ruleSeverities: s.rules,
      memo: this.units as UnitMemo<unknown>,
    });
    // The editor names files it was merely asked to open; one no source recognises is not a problem here.
    const findings = named ? result.findings.filter((f) => !(f.ruleId === INPUT_RULE_ID && f.messageId === 'unrecognised')) : result.findings;
    const run: RunResult = { findings, files: [...result.files], includes: result.includes, texts: host.texts, targets: result.derived as PreflightTarget[] };
    // A file that changed on disk while discovery looked at it leaves no memo to trust.
    if (before !== undefined && discovery() === before) this.memo.remember(key, { settings: s, discovery: before, host, result: run, files: new Set(run.files) });
    return run;
  }

  /** The file host the engine reads through: open documents first, then the disk. */
  private baseHost(): FileHost {
    return createNodeFileHost({ overlay: this.overlay });
  }
}

function emptyResult(): RunResult {
  return { findings: [], files: [], includes: new Map(), texts: new Map(), targets: [] };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
