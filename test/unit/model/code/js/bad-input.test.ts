import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFiles } from '../../../../../server/src/engine/analyze';
import { analyse, ready } from './support';

const CORS_APP = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors({ origin: true, credentials: true }));\n";

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

describe('JS extractors on bad input', function () {
  this.timeout(120_000);
  before(ready);

  it('a syntax error is reported and the readable set-up is still checked', () => {
    const result = analyse({ 'app.js': `${CORS_APP}app.get('/x', (req, res) => { res.send( });\n` });
    const ids = result.findings.map((f) => f.ruleId);
    assert.ok(ids.includes('syntax-error'), ids.join(', '));
    assert.ok(ids.includes('reflected-origin'), ids.join(', '));
  });

  it('a minified bundle on one line neither crashes nor hangs', () => {
    const chunk = 'function a(e,t){return e&&t?((e||t)&&(t||e)):[e,t].map(function(n){return n+1})}';
    const nested = `${'('.repeat(2000)}1${')'.repeat(2000)}`;
    const text = `var c=require("cors"),x=require("express")();x.use(c({origin:!0,credentials:!0}));${chunk.repeat(4000)};var z=${nested};`;
    const { value, ms } = timed(() => analyse({ 'bundle.min.js': text }));
    assert.ok(ms < 30_000, `took ${ms} ms`);
    assert.ok(value.findings.some((f) => f.ruleId === 'reflected-origin'), value.findings.map((f) => f.message).join('\n'));
  });

  it('a 5 MB generated file is analysed in bounded time', () => {
    const lines = [CORS_APP];
    let size = CORS_APP.length;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const line = `app.get('/r${i}', (req, res) => { res.setHeader('X-Route', 'r${i}'); res.json({ id: ${i}, name: 'route number ${i}' }); });\n`;
      lines.push(line);
      size += line.length;
    }
    const { value, ms } = timed(() => analyse({ 'generated.js': lines.join('') }));
    assert.ok(ms < 60_000, `took ${ms} ms`);
    assert.deepEqual(value.findings.map((f) => f.ruleId), ['reflected-origin']);
  });

  it('deeply nested code and self-imports terminate', () => {
    const deep = `${CORS_APP}const v = ${'['.repeat(3000)}'https://a.example.com'${']'.repeat(3000)};\napp.use(cors({ origin: v }));\nconst me = require('./app');\napp.use(cors({ origin: me.list }));\nexports.list = me.list;\n`;
    const { ms } = timed(() => analyse({ 'app.js': deep }));
    assert.ok(ms < 30_000, `took ${ms} ms`);
  });

  it('files under node_modules are skipped when a folder is walked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-js-nm-'));
    try {
      fs.mkdirSync(path.join(dir, 'node_modules', 'lib'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'lib', 'index.js'), CORS_APP);
      fs.writeFileSync(path.join(dir, 'server.js'), CORS_APP);
      const result = analyzeFiles([dir], { root: dir, trustedOrigins: [] });
      const files = [...new Set(result.findings.map((f) => path.relative(dir, f.span.file)))];
      assert.deepEqual(files, ['server.js']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
