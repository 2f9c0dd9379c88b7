import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const repo = path.join(__dirname, '../../..');

/** `cors-preflight lsp --stdio` must start the language server on stdin/stdout and answer `initialize`. */
describe('cors-preflight lsp --stdio', function () {
  this.timeout(30_000);

  it('answers initialize with the server capabilities', async () => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(repo, 'server/src/cli/main.ts'), 'lsp', '--stdio'], { cwd: repo });
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const reply = await new Promise<{ id: number; result: { capabilities: object; serverInfo?: { name: string } } }>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => reject(new Error(`the server exited (${code}) before answering: ${err}`)));
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Content-Length: (\d+)\r\n\r\n/.exec(out);
          if (!m) return;
          const start = m.index + m[0].length;
          const length = Number(m[1]);
          if (Buffer.byteLength(out.slice(start)) >= length) resolve(JSON.parse(out.slice(start, start + length)));
        });
      });
      assert.equal(reply.id, 1);
      assert.ok(reply.result.capabilities);
      assert.equal(reply.result.serverInfo?.name, 'cors-preflight');
    } finally {
      child.kill();
    }
  });
});
