import type { FileHost } from '../engine/source';

/**
 * A file host that remembers every question the engine asked it and the
 * answer it gave, so a later run can tell whether the host would answer
 * alike: the texts read, the reads that failed, the glob matches and the
 * existence checks.
 */
export class RecordingHost implements FileHost {
  /** The text each file had when read (the last read, should a file be read twice). */
  readonly texts = new Map<string, string>();
  private readonly failures = new Map<string, string>();
  private readonly globs = new Map<string, string[]>();
  private readonly existing = new Map<string, boolean>();

  constructor(private readonly base: FileHost) {}

  readText(file: string): string {
    let text: string;
    try {
      text = this.base.readText(file);
    } catch (error) {
      if (!this.failures.has(file)) this.failures.set(file, (error as Error).message);
      throw error;
    }
    this.texts.set(file, text);
    return text;
  }

  glob(pattern: string): string[] {
    const found = this.base.glob(pattern);
    if (!this.globs.has(pattern)) this.globs.set(pattern, [...found]);
    return found;
  }

  exists(file: string): boolean {
    const found = this.base.exists(file);
    if (!this.existing.has(file)) this.existing.set(file, found);
    return found;
  }

  /** Whether `host` answers every question asked here as it was answered. */
  answersAlike(host: FileHost): boolean {
    for (const [file, text] of this.texts) {
      try {
        if (host.readText(file) !== text) return false;
      } catch {
        return false;
      }
    }
    for (const [file, message] of this.failures) {
      try {
        host.readText(file);
        return false;
      } catch (error) {
        if ((error as Error).message !== message) return false;
      }
    }
    for (const [pattern, found] of this.globs) {
      const now = host.glob(pattern);
      if (now.length !== found.length || now.some((f, i) => f !== found[i])) return false;
    }
    for (const [file, found] of this.existing) if (host.exists(file) !== found) return false;
    return true;
  }
}

interface Entry<T> {
  /** The settings object the run used: a settings reload makes a new one. */
  settings: object;
  /** The files discovery handed to each source, and its problems. */
  discovery: string;
  host: RecordingHost;
  result: T;
  files: ReadonlySet<string>;
}

/**
 * The last results of a folder's runs, by the paths they were given, reused
 * when a run would see exactly the same inputs: the same settings, the same
 * discovery, and the same answer to every read, glob and existence check.
 * A save after typing, reopening a document, or a file event that changed no
 * content then costs those checks instead of an analysis.
 *
 * Only results still current are kept: a run over a file drops every other
 * entry that covers it, so no older generation of findings stays alive.
 */
export class RunMemo<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly limit = 8) {}

  /** The remembered result, if its every input is unchanged. */
  lookup(key: string, settings: object, discovery: () => string, host: FileHost): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.settings !== settings || entry.discovery !== discovery() || !entry.host.answersAlike(host)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  remember(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** `current` now holds these files' results: other entries covering any of them are out of date. */
  superseded(current: T, files: Iterable<string>): void {
    const touched = new Set(files);
    for (const [other, entry] of this.entries) {
      if (entry.result === current) continue;
      for (const f of entry.files) {
        if (touched.has(f)) {
          this.entries.delete(other);
          break;
        }
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
