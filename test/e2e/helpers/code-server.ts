import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER, NODE24_BIN } from './build';

export interface CodeServer {
  url: string;
  port: number;
  runDir: string;
  process: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function environment(runDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache'),
    TMPDIR: path.join(runDir, 'tmp'),
  };
}

/** User settings that keep the workbench quiet and predictable for a test. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Starts code-server on a loopback port with the packaged extension installed into a fresh extensions folder. */
export async function startCodeServer(vsix: string, workspace: string): Promise<CodeServer> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-e2e-'));
  for (const dir of ['xdg/config', 'xdg/data', 'xdg/cache', 'tmp', 'ud/User', 'ext']) fs.mkdirSync(path.join(runDir, dir), { recursive: true });
  fs.writeFileSync(path.join(runDir, 'ud', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const port = await freePort();
  fs.writeFileSync(path.join(runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = environment(runDir);
  const common = ['--config', path.join(runDir, 'config.yaml'), '--user-data-dir', path.join(runDir, 'ud'), '--extensions-dir', path.join(runDir, 'ext')];
  try {
    execFileSync(CODE_SERVER, [...common, '--install-extension', vsix], { env, stdio: 'pipe', timeout: 120_000 });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`code-server could not install ${vsix}: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  const out: string[] = [];
  const child = spawn(
    CODE_SERVER,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--reconnection-grace-time', '10',
      '--vscode-option', 'enable-smoke-test-driver',
      workspace,
    ],
    // Its own process group, so stopping it also stops the helpers it started, and nothing else.
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout?.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => out.push(d.toString()));
  const server: CodeServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    runDir,
    process: child,
    log: () => out.join(''),
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
  const until = Date.now() + 60_000;
  while (!(await healthy(server.url))) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${server.log()}`);
    if (Date.now() > until) throw new Error(`code-server did not answer /healthz within 60 s:\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Resident memory (current and peak, in MiB) of the language server code-server's extension host started. */
export function serverMemory(runDir: string): { pid: number; rssMiB: number; peakMiB: number } | undefined {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (!cmdline.includes(path.join(runDir, 'ext')) || !cmdline.includes('dist/server.js')) continue;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { pid: Number(pid), rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  }
  return undefined;
}

/** Lines of the extension's own log channel, from the log files code-server writes. */
export function extensionLog(runDir: string): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('CORS Preflight.log')) found.push(fs.readFileSync(full, 'utf8'));
    }
  };
  const logs = path.join(runDir, 'ud', 'logs');
  if (fs.existsSync(logs)) walk(logs);
  return found.join('\n');
}
