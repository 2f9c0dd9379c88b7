import type { Severity } from '../core/finding';

/** How eagerly files are analysed. */
export type RunMode = 'onType' | 'onSave';

export type RuleSetting = Severity | 'off';

/** The `corsPreflight.*` settings of one workspace folder, after normalisation. */
export interface Settings {
  enable: boolean;
  run: RunMode;
  /** rule id → severity override or `off`. */
  rules: Record<string, RuleSetting>;
  trustedOrigins: string[];
  /** Globs relative to the workspace folder; empty means every file a source recognises. */
  include: string[];
  exclude: string[];
}

export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**'];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  run: 'onType',
  rules: {},
  trustedOrigins: [],
  include: [],
  exclude: DEFAULT_EXCLUDE,
});

/** What a user may have written, mapped to the severities the engine knows. */
const SEVERITY_ALIASES: Record<string, RuleSetting> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  information: 'info',
  hint: 'info',
  off: 'off',
  none: 'off',
  false: 'off',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, fallback: readonly string[]): string[] {
  if (!Array.isArray(value)) return [...fallback];
  return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v.length > 0);
}

/** `https://a.example.com/` → `https://a.example.com`: browsers send origins without a path. */
export function normaliseOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '');
}

export interface NormalisedSettings {
  settings: Settings;
  /** Human-readable complaints about values that were ignored. */
  problems: string[];
}

/**
 * Turns the raw `corsPreflight` section (anything the user wrote) into settings,
 * falling back to defaults value by value.
 *
 * normaliseSettings({ run: 'onSave', rules: { 'max-age-capped': 'warn' } }).settings.rules
 *   → { 'max-age-capped': 'warning' }
 */
export function normaliseSettings(raw: unknown, knownRules?: ReadonlySet<string>): NormalisedSettings {
  const problems: string[] = [];
  const input = isRecord(raw) ? raw : {};
  const settings: Settings = {
    enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_SETTINGS.enable,
    run: input.run === 'onSave' || input.run === 'onType' ? input.run : DEFAULT_SETTINGS.run,
    rules: {},
    trustedOrigins: [...new Set(stringList(input.trustedOrigins, []).map(normaliseOrigin))],
    include: stringList(input.include, DEFAULT_SETTINGS.include),
    exclude: stringList(input.exclude, DEFAULT_SETTINGS.exclude),
  };
  if (input.run !== undefined && input.run !== settings.run) {
    problems.push(`corsPreflight.run must be "onType" or "onSave", not ${JSON.stringify(input.run)}; using "${settings.run}"`);
  }
  if (isRecord(input.rules)) {
    for (const [id, value] of Object.entries(input.rules)) {
      const severity = typeof value === 'string' ? SEVERITY_ALIASES[value.trim().toLowerCase()] : value === false ? 'off' : undefined;
      if (!severity) {
        problems.push(`corsPreflight.rules.${id}: ${JSON.stringify(value)} is not one of "error", "warning", "info", "off"; ignored`);
        continue;
      }
      if (knownRules && !knownRules.has(id)) {
        problems.push(`corsPreflight.rules: there is no rule "${id}"; ignored`);
        continue;
      }
      settings.rules[id] = severity;
    }
  }
  for (const origin of settings.trustedOrigins) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(origin)) {
      problems.push(`corsPreflight.trustedOrigins: "${origin}" is not an origin like "https://app.example.com"`);
    }
  }
  return { settings, problems };
}
