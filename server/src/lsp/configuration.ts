import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from './settings';

/**
 * Reads `corsPreflight.*` per resource through `workspace/configuration`, caches
 * the normalised result per scope and forgets it when the settings change.
 */
export class ConfigurationStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();
  supported = false;

  constructor(
    private readonly connection: Connection,
    private readonly knownRules: () => ReadonlySet<string>,
    private readonly warn: (message: string) => void,
  ) {}

  /** Settings for a workspace folder or file URI. */
  get(scopeUri: string): Promise<Settings> {
    let hit = this.cache.get(scopeUri);
    if (!hit) {
      hit = this.fetch(scopeUri);
      this.cache.set(scopeUri, hit);
    }
    return hit;
  }

  clear(): void {
    this.cache.clear();
  }

  private async fetch(scopeUri: string): Promise<Settings> {
    if (!this.supported) return { ...DEFAULT_SETTINGS };
    let raw: unknown;
    try {
      raw = await this.connection.workspace.getConfiguration({ scopeUri, section: 'corsPreflight' });
    } catch (error) {
      this.warn(`Could not read the settings for ${scopeUri}: ${(error as Error).message}; using the defaults`);
      return { ...DEFAULT_SETTINGS };
    }
    const { settings, problems } = normaliseSettings(raw, this.knownRules());
    for (const problem of problems) {
      // Each complaint once per session, not on every re-read.
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.warn(problem);
    }
    return settings;
  }
}
