import { MAIN_HELP } from './check-help';
import { runCheck } from './check';
import type { CliIo } from './io';
import { toolVersion } from './version';

type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Modules of the other commands are required on demand, each `require` inside
 * its own `try` (the bundler then tolerates a module that is absent), so
 * `check` keeps working in a build where one of them is missing or broken;
 * that command alone reports it is not available.
 */
function unavailable(name: string, error: unknown): Command {
  return async (_argv, io) => {
    io.stderr(`cors-preflight ${name}: not available in this build (${String((error as Error)?.message ?? error).split('\n')[0]})\n`);
    return 2;
  };
}

function loadPreflight(): Command {
  try {
    return (require('./preflight') as { runPreflight: Command }).runPreflight;
  } catch (error) {
    return unavailable('preflight', error);
  }
}

function loadProbe(): Command {
  try {
    return (require('./probe') as { runProbe: Command }).runProbe;
  } catch (error) {
    return unavailable('probe', error);
  }
}

function loadLsp(): Command {
  let start: () => unknown;
  try {
    start = (require('../lsp/server') as { startLanguageServer: () => unknown }).startLanguageServer;
  } catch (error) {
    return unavailable('lsp', error);
  }
  return async (argv) => {
    // vscode-languageserver reads the transport (`--stdio`, `--node-ipc`, `--socket=`) from process.argv itself.
    if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) process.argv.push('--stdio');
    start();
    return 0;
  };
}

const commands: Record<string, () => Command> = {
  check: () => (argv, io) => runCheck(argv, io),
  preflight: loadPreflight,
  probe: loadProbe,
  lsp: loadLsp,
};

/** Dispatches `cors-preflight <command> ...`; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? io.stderr : io.stdout)(MAIN_HELP);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${toolVersion()}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(commands, first) ? commands[first] : undefined;
  if (!load) {
    io.stderr(`cors-preflight: unknown command "${first}"\n\n${MAIN_HELP}`);
    return 2;
  }
  return load()(rest, io);
}
