/**
 * What a CLI command may touch of the outside world. Commands write through
 * these instead of `process.stdout` so tests can run them in-process and read
 * what they printed.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The folder relative paths on the command line are resolved against. */
  cwd: string;
  /** Whether stdout shows ANSI colours (a terminal, and neither NO_COLOR nor FORCE_COLOR=0). */
  color?: boolean;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    color: wantsColor(),
  };
}

function wantsColor(): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR) return false;
  return process.stdout.isTTY === true && process.env.TERM !== 'dumb';
}

/** Collects output in memory, for tests. */
export function memoryIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}

/** A usage mistake (unknown flag, missing value, missing path): reported on stderr, exit code 2. */
export class UsageError extends Error {}
