import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type InitializeResult } from 'vscode-languageserver-protocol/node';
import { codes, copyFixture, waitFor } from './helpers/lsp-harness';
import * as fs from 'node:fs';

const REPO = path.resolve(__dirname, '..', '..');

describe('LSP: `cors-preflight lsp --stdio`', function () {
  this.timeout(30_000);

  it('serves the protocol over stdio for editors other than VS Code, and exits cleanly', async () => {
    const folder = copyFixture('basic');
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(REPO, 'server', 'src', 'cli', 'main.ts'), 'lsp', '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const client = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published = new Map<string, unknown[]>();
    client.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => void published.set(p.uri, p.diagnostics));
    client.listen();
    try {
      const init = (await client.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(folder).href,
        workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'basic' }],
        capabilities: {},
      })) as InitializeResult;
      assert.equal(init.serverInfo?.name, 'cors-preflight');
      assert.ok(init.capabilities.codeActionProvider && init.capabilities.hoverProvider && init.capabilities.completionProvider);
      await client.sendNotification('initialized', {});
      // Without workspace/configuration support the defaults apply; the start-up scan still runs.
      const other = pathToFileURL(path.join(folder, 'other.conf')).href;
      const diagnostics = await waitFor(`diagnostics over stdio (stderr: ${stderr})`, () => published.get(other) as { code: string }[] | undefined);
      assert.ok(codes(diagnostics as never).includes('reflected-origin'));
      await client.sendRequest('shutdown');
      await client.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      client.dispose();
      child.kill();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
