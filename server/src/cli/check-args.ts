import { severityRank, type Severity } from '../core/finding';
import { UsageError } from './io';

export type OutputFormat = 'stylish' | 'json' | 'sarif';

export interface CheckArgs {
  paths: string[];
  format: OutputFormat;
  output?: string;
  /** Findings at or above this severity fail the run (exit 1). */
  failOn: Severity;
  trustedOrigins: string[];
  ruleSeverities: Record<string, Severity | 'off'>;
  include: string[];
  exclude: string[];
  quiet: boolean;
  /** Apply safe fixes to the files before reporting what is left. */
  fix: boolean;
  help: boolean;
  version: boolean;
}

const FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif'];
const SEVERITIES = Object.keys(severityRank) as Severity[];

const VALUE_FLAGS = new Set(['--format', '--output', '--severity', '--trusted-origin', '--rule', '--include', '--exclude']);
const ALIASES: Record<string, string> = { '-f': '--format', '-o': '--output', '-q': '--quiet', '-h': '--help', '-v': '--version' };

/**
 * Parses `check` arguments. Every mistake is a UsageError naming the flag, so
 * a typo in CI fails loudly (exit 2) instead of silently checking less.
 * `knownRuleIds` guards `--rule` the same way.
 */
export function parseCheckArgs(argv: readonly string[], knownRuleIds: ReadonlySet<string>): CheckArgs {
  const args: CheckArgs = {
    paths: [],
    format: 'stylish',
    failOn: 'warning',
    trustedOrigins: [],
    ruleSeverities: {},
    include: [],
    exclude: [],
    quiet: false,
    fix: false,
    help: false,
    version: false,
  };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    let flag = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      flag = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    }
    flag = ALIASES[flag] ?? flag;
    if (VALUE_FLAGS.has(flag)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`${flag} needs a value`);
      }
      applyValue(args, flag, value, knownRuleIds);
      continue;
    }
    if (value !== undefined) throw new UsageError(`${flag} takes no value`);
    if (flag === '--quiet') args.quiet = true;
    else if (flag === '--fix') args.fix = true;
    else if (flag === '--help') args.help = true;
    else if (flag === '--version') args.version = true;
    else throw new UsageError(`Unknown option ${arg}`);
  }
  return args;
}

function applyValue(args: CheckArgs, flag: string, value: string, knownRuleIds: ReadonlySet<string>): void {
  switch (flag) {
    case '--format':
      if (!FORMATS.includes(value as OutputFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
      args.format = value as OutputFormat;
      return;
    case '--output':
      if (value === '') throw new UsageError('--output needs a file name');
      args.output = value;
      return;
    case '--severity':
      if (!SEVERITIES.includes(value as Severity)) throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')} (got "${value}")`);
      args.failOn = value as Severity;
      return;
    case '--trusted-origin':
      if (!/^https?:\/\/[^/\s]+$/.test(value)) throw new UsageError(`--trusted-origin must be an origin such as https://app.example.com (got "${value}")`);
      args.trustedOrigins.push(value);
      return;
    case '--rule': {
      const m = /^([\w-]+)=(\w+)$/.exec(value);
      if (!m) throw new UsageError(`--rule must look like <rule-id>=<${SEVERITIES.join('|')}|off> (got "${value}")`);
      const [, id, level] = m;
      if (!knownRuleIds.has(id)) throw new UsageError(`--rule: unknown rule id "${id}"`);
      if (level !== 'off' && !SEVERITIES.includes(level as Severity)) throw new UsageError(`--rule ${id}: the severity must be one of ${SEVERITIES.join(', ')}, off (got "${level}")`);
      args.ruleSeverities[id] = level as Severity | 'off';
      return;
    }
    case '--include':
      args.include.push(value);
      return;
    case '--exclude':
      args.exclude.push(value);
      return;
  }
}
