import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { parseNginx } from '../server/src/parsers/nginx/parser';
import { StatusNotification, type StatusParams } from '../server/src/lsp/protocol';
import { median, type BenchModule, type Measure } from './bench';
import { generateNginxConfig } from './generate-nginx';

/**
 * The built server (`cors-preflight lsp --stdio`) in a child process, as
 * editors other than VS Code start it: the time from a one-character edit of a
 * 5,000-line nginx config to its diagnostics, next to merely parsing that
 * text in this process; and the server's memory after the examples workspace.
 */

const repo = path.resolve(__dirname, '..');
const SERVERS = 250; // about 20 lines each
const EDITS = 100;
const WARMUP = 10;
const P95_TARGET_MS = 50;
const MEMORY_TARGET_MB = 150;

interface Publication {
  uri: string;
  count: number;
}

interface Server {
  connection: ProtocolConnection;
  child: ChildProcess;
  /** Each publication as its file and count: an editor keeps only the latest diagnostics, and so does this client. */
  publications: Publication[];
  /** Called after each notification is recorded: waiters are woken by the message, not by polling. */
  listeners: Set<() => void>;
  statuses: StatusParams[];
  stop(): Promise<void>;
}

async function startServer(folder: string): Promise<Server> {
  const cli = path.join(repo, 'dist/cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (`npm run bench` does)');
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const server: Server = {
    connection,
    child,
    publications: [],
    listeners: new Set(),
    statuses: [],
    stop: async () => {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
  const wake = () => {
    for (const listener of [...server.listeners]) listener();
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    server.publications.push({ uri: p.uri, count: p.diagnostics.length });
    wake();
  });
  connection.onNotification(StatusNotification.method, (p: StatusParams) => {
    server.statuses.push(p);
    wake();
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }]);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true } },
  });
  await connection.sendNotification('initialized', {});
  return server;
}

/**
 * Resolves once `probe` gives a value, checking after each notification. A
 * polling loop would take a core from the server on this 2-core machine and
 * so lengthen the very latency it measures.
 */
function until<T>(server: Server, what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const value = probe();
      if (value === undefined) return;
      done();
      resolve(value);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      server.listeners.delete(check);
    };
    server.listeners.add(check);
    check();
  });
}

/** The next diagnostics of `uri` published after `mark`. */
function nextPublication(server: Server, uri: string, mark: number): Promise<Publication> {
  return until(server, `diagnostics of ${uri}`, () => {
    for (let i = mark; i < server.publications.length; i++) if (server.publications[i].uri === uri) return server.publications[i];
    return undefined;
  });
}

/** Resident and peak memory of a process, from /proc. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface EditSeries {
  /** Where the edits are made: a one-character insert there, then its removal, in turn. */
  line: number;
  character: number;
  inserted: string;
}

interface Latencies {
  /** A blank at the end of the first line: every server block is unchanged. */
  top: number[];
  /** A letter typed into a header value of a server in the middle: that server is analysed again. */
  inServer: number[];
  parseMs: number;
  findings: number;
}

async function editLatency(log: (line: string) => void): Promise<Latencies> {
  const generated = generateNginxConfig(path.join(__dirname, '.generated/lsp-edit'), SERVERS);
  const text = fs.readFileSync(generated.file, 'utf8');
  log(`generated ${generated.lines} lines in ${path.relative(repo, generated.file)}`);
  const server = await startServer(generated.folder);
  try {
    const uri = pathToFileURL(generated.file).href;
    const mark = server.publications.length;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text } });
    const first = await nextPublication(server, uri, mark);
    let version = 1;
    const series = async (at: EditSeries): Promise<number[]> => {
      const latencies: number[] = [];
      for (let i = 0; i < WARMUP + EDITS; i++) {
        const insert = i % 2 === 0;
        const range = { start: { line: at.line, character: at.character }, end: { line: at.line, character: at.character + (insert ? 0 : at.inserted.length) } };
        const before = server.publications.length;
        const started = performance.now();
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: insert ? at.inserted : '' }] });
        const published = await nextPublication(server, uri, before);
        if (i >= WARMUP) latencies.push(performance.now() - started);
        if (published.count !== first.count) throw new Error(`an edit that changes no finding changed their number: ${first.count} → ${published.count}`);
      }
      return latencies;
    };
    // A comment is never at the end of the first line, so a space there keeps the text valid.
    const top = await series({ line: 0, character: text.indexOf('\n'), inserted: ' ' });
    // Inside the quotes of the middle server's `Cache-Control "no-store"`: a value no rule reads.
    const lines = text.split('\n');
    const middle = lines.findIndex((l, i) => i >= lines.length / 2 && l.includes('Cache-Control "no-store"'));
    const inServer = await series({ line: middle, character: lines[middle].indexOf('no-store') + 'no-store'.length, inserted: 'x' });
    const parses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      parseNginx(text, generated.file);
      parses.push(performance.now() - started);
    }
    return { top, inServer, parseMs: median(parses.slice(5)), findings: first.count };
  } finally {
    await server.stop();
  }
}

async function examplesMemory(): Promise<{ rssMb: number; peakMb: number; files: number }> {
  const server = await startServer(path.join(repo, 'examples'));
  try {
    // The start-up scan ends with a status that is no longer busy after having been busy.
    await until(server, 'the workspace scan', () => {
      const busyAt = server.statuses.findIndex((s) => s.busy);
      return busyAt >= 0 && server.statuses.slice(busyAt).some((s) => !s.busy) ? true : undefined;
    });
    const files = new Set(server.publications.map((p) => p.uri)).size;
    return { ...memoryOf(server.child.pid!), files };
  } finally {
    await server.stop();
  }
}

export const lspEdit: BenchModule = {
  name: 'lsp-edit-5000-lines',
  async run(log) {
    const { top, inServer, parseMs, findings } = await editLatency(log);
    const summary = (latencies: number[]) => `median ${median(latencies).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, max ${Math.max(...latencies).toFixed(1)}`;
    log(`${findings} diagnostics per publication; edit → diagnostics (ms) over ${top.length} edits each`);
    log(`  a blank at the end of the first line: ${summary(top)}`);
    log(`  a letter in a header value of the middle server: ${summary(inServer)}`);
    log(`parsing the same text alone: ${parseMs.toFixed(1)} ms (median)`);
    const memory = await examplesMemory();
    log(`examples workspace: ${memory.files} files with diagnostics; server RSS ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakMb.toFixed(0)} MB`);
    const p95Top = percentile(top, 95);
    const p95Server = percentile(inServer, 95);
    const measures: Measure[] = [
      { name: 'edit → diagnostics, p95 (first line)', value: p95Top, unit: 'ms', reference: parseMs, target: `< ${P95_TARGET_MS} ms`, pass: p95Top < P95_TARGET_MS },
      { name: 'edit → diagnostics, p95 (inside a server)', value: p95Server, unit: 'ms', reference: parseMs, target: `< ${P95_TARGET_MS} ms`, pass: p95Server < P95_TARGET_MS },
      { name: 'server peak RSS, examples workspace', value: Math.round(memory.peakMb), unit: 'MB', target: `< ${MEMORY_TARGET_MB} MB`, pass: memory.peakMb < MEMORY_TARGET_MB },
    ];
    return measures;
  },
};
