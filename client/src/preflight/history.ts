import { parseForm, type HistoryEntry, type RequestForm } from './messages';

/** The part of `vscode.Memento` the history needs, so it can be tested without VS Code. */
export interface KeyValueStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const HISTORY_KEY = 'corsPreflight.tester.history';
export const MAX_HISTORY = 20;
/** Global state is kept in memory by VS Code: a form with a pasted megabyte of headers is not remembered. */
const MAX_ENTRY_CHARS = 8 * 1024;
const MAX_OUTCOME = 120;

function sameRequest(a: RequestForm, b: RequestForm): boolean {
  return a.url === b.url && a.origin === b.origin && a.method === b.method && a.headers === b.headers && a.credentials === b.credentials && a.insecure === b.insecure;
}

function parseEntry(value: unknown): HistoryEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { form, at, outcome } = value as Record<string, unknown>;
  const parsed = parseForm(form);
  if (!parsed || typeof at !== 'number' || typeof outcome !== 'string') return undefined;
  return { form: parsed, at, outcome: outcome.slice(0, MAX_OUTCOME) };
}

/** Recent requests, newest first, bounded; sending the same request again moves it to the top. */
export class RequestHistory {
  constructor(private readonly store: KeyValueStore) {}

  /** What is stored, with anything malformed (an older format, a hand-edited state) left out. */
  entries(): HistoryEntry[] {
    const raw = this.store.get(HISTORY_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.map(parseEntry).filter((e): e is HistoryEntry => e !== undefined).slice(0, MAX_HISTORY);
  }

  async add(form: RequestForm, outcome: string, at = Date.now()): Promise<HistoryEntry[]> {
    if (JSON.stringify(form).length > MAX_ENTRY_CHARS) return this.entries();
    const entry: HistoryEntry = { form, at, outcome: outcome.slice(0, MAX_OUTCOME) };
    const next = [entry, ...this.entries().filter((e) => !sameRequest(e.form, form))].slice(0, MAX_HISTORY);
    await this.store.update(HISTORY_KEY, next);
    return next;
  }

  async clear(): Promise<void> {
    await this.store.update(HISTORY_KEY, []);
  }
}
