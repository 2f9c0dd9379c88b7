import { isIP } from 'node:net';
import type { HeaderLine } from '../fetch/types';
import { isToken } from '../fetch/header-lines';
import { UsageError } from './io';

export type TesterFormat = 'text' | 'json';

/** Flags shared by `preflight` and `probe`, and those only `preflight` takes. */
export interface TesterArgs {
  url?: string;
  origin?: string;
  method?: string;
  headers: HeaderLine[];
  credentials: boolean;
  insecure: boolean;
  timeoutMs?: number;
  concurrency?: number;
  connectTo?: string;
  format: TesterFormat;
  help: boolean;
}

export interface FlagSpec {
  /** Flags that take a value, after aliases are resolved. */
  values: ReadonlySet<string>;
  /** Flags that take none. */
  switches: ReadonlySet<string>;
  aliases: Readonly<Record<string, string>>;
}

/** An origin as a page would send it: `scheme://host[:port]`, or `null`; a trailing slash is dropped. */
function parseOrigin(value: string): string {
  if (value === 'null') return value;
  const bare = value.replace(/\/$/, '');
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#\s@]+$/.test(bare)) {
    throw new UsageError(`--origin needs an origin such as https://app.example (scheme://host[:port], no path), not "${value}"`);
  }
  return bare;
}

function parseHeader(value: string): HeaderLine {
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon).trim() : '';
  if (!isToken(name)) throw new UsageError(`--header needs "Name: value", not "${value}"`);
  const headerValue = value.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(headerValue)) throw new UsageError(`--header value for ${name} holds a line break or NUL`);
  return [name, headerValue];
}

function positiveInt(flag: string, value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) <= 0) throw new UsageError(`${flag} needs a positive whole number, not "${value}"`);
  return Number(value);
}

function apply(args: TesterArgs, flag: string, value: string): void {
  switch (flag) {
    case '--origin':
      args.origin = parseOrigin(value);
      return;
    case '--method':
      if (!isToken(value)) throw new UsageError(`--method needs a method name such as PUT, not "${value}"`);
      args.method = value;
      return;
    case '--header':
      args.headers.push(parseHeader(value));
      return;
    case '--timeout':
      args.timeoutMs = positiveInt(flag, value);
      return;
    case '--concurrency':
      args.concurrency = positiveInt(flag, value);
      return;
    case '--connect-to':
      if (isIP(value) === 0) throw new UsageError(`--connect-to needs an IP address, not "${value}"`);
      args.connectTo = value;
      return;
    case '--format':
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json, not "${value}"`);
      args.format = value;
      return;
  }
}

/** Parses the arguments of `preflight` or `probe`; every mistake is a UsageError (exit 2). */
export function parseTesterArgs(argv: readonly string[], spec: FlagSpec): TesterArgs {
  const args: TesterArgs = { headers: [], credentials: false, insecure: false, format: 'text', help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      if (args.url !== undefined) throw new UsageError(`only one URL can be tested at a time (got "${args.url}" and "${arg}")`);
      args.url = arg;
      continue;
    }
    let flag = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      flag = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    }
    flag = spec.aliases[flag] ?? flag;
    if (spec.values.has(flag)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`${flag} needs a value`);
      }
      apply(args, flag, value);
    } else if (spec.switches.has(flag)) {
      if (value !== undefined) throw new UsageError(`${flag} takes no value`);
      if (flag === '--credentials') args.credentials = true;
      else if (flag === '--insecure') args.insecure = true;
      else if (flag === '--help') args.help = true;
    } else {
      throw new UsageError(`Unknown option ${arg}`);
    }
  }
  return args;
}
