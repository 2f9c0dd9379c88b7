import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { resultView } from '../../client/src/preflight/result-view';
import { runOriginProbes } from '../../server/src/tester/origin-probes';
import { testPreflight } from '../../server/src/tester/preflight-run';
import { ensureCodeServerAndBrowser, ensurePackage, REPO } from './helpers/build';
import { startCodeServer, type CodeServer } from './helpers/code-server';
import { selfSignedCert } from '../unit/tester/loopback';
import { openBrowser, openFile, poll, runCommand, type Browser } from './helpers/workbench';

const XSS = '<img src=x onerror=alert(1)>';
const ORIGIN = 'https://app.example';
const LENS_TITLE = 'Send test preflight for this location';

/**
 * The API the panel tests: on /api/items a preflight that passes and a
 * response whose Allow-Origin is markup; on /probe an origin check that only
 * looks at the end of the host; on /silent nothing ever comes back.
 */
function startApi(): Promise<{ url: string; probeUrl: string; silentUrl: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/silent') return;
    if (req.url === '/probe') {
      const origin = req.headers.origin ?? '';
      res.writeHead(200, origin.endsWith('127.0.0.1') ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {});
      res.end();
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': ORIGIN, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Token', 'Access-Control-Max-Age': '86400', Vary: 'Origin' });
      res.end();
      return;
    }
    res.writeHead(200, { 'Access-Control-Allow-Origin': XSS, 'Access-Control-Expose-Headers': XSS, 'Content-Type': 'text/html' });
    res.end(`<p>${XSS}</p>`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      resolve({ url: `${base}/api/items`, probeUrl: `${base}/probe`, silentUrl: `${base}/silent`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    });
  });
}

/** The tester's page: a frame inside the webview's iframe inside the workbench. */
function testerFrame(page: Page): Promise<Frame> {
  return poll('the preflight tester page among the frames', async () => {
    for (const frame of page.frames()) {
      if (await frame.locator('#request').count().catch(() => 0)) return frame;
    }
    return undefined;
  });
}

/** Runs a palette command once the extension has contributed it (the palette lists only what is registered when it opens). */
async function runWhenReady(page: Page, title: string): Promise<void> {
  await poll(`"${title}" in the command palette`, async () => {
    try {
      await runCommand(page, title);
      return true;
    } catch {
      await page.keyboard.press('Escape');
      return undefined;
    }
  }, 120_000);
}

describe('the preflight tester panel in VS Code (code-server + Chromium)', function () {
  this.timeout(10 * 60 * 1000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  let workspace: string;
  const dialogs: string[] = [];

  before(async () => {
    ensureCodeServerAndBrowser();
    const vsix = ensurePackage();
    api = await startApi();
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cors-e2e-tester-')));
    const port = new URL(api.url).port;
    fs.writeFileSync(
      path.join(workspace, 'nginx.conf'),
      `events {}\nhttp {\n    server {\n        listen 127.0.0.1:${port};\n        server_name 127.0.0.1;\n        location /api/ {\n            add_header Access-Control-Allow-Origin $http_origin always;\n            add_header Access-Control-Allow-Methods "GET, PUT" always;\n            add_header Access-Control-Allow-Headers "X-Token" always;\n            return 204;\n        }\n    }\n}\n`,
    );
    server = await startCodeServer(vsix, workspace);
    browser = await openBrowser();
    browser.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await browser.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      const dir = path.join(REPO, 'test-results');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await browser.page.screenshot({ path: file }).catch(() => undefined);
      console.log(`      screenshot of the failure: ${file}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await api?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('opens from the palette, sends a preflight and the request, and shows the verdict with server values as text', async () => {
    const page = browser!.page;
    // The extension's status item shows once it runs.
    await page.locator('[id$="corsPreflight.status"]').first().waitFor({ state: 'visible', timeout: 120_000 });
    await runWhenReady(page, 'CORS: Open Preflight Tester');
    const frame = await testerFrame(page);
    await frame.locator('#url').fill(api!.url);
    await frame.locator('#origin').fill(ORIGIN);
    await frame.locator('#method').fill('PUT');
    await frame.locator('#headers').fill('X-Token: 1');
    // Enter in a field sends, as in any form.
    await frame.locator('#url').press('Enter');
    const summary = await poll('the verdict in the panel', async () => {
      const text = await frame.locator('#verdict-summary').textContent({ timeout: 1000 });
      return text ? text : undefined;
    });

    // What the page shows is what the engine says of the same exchange.
    const expected = resultView(await testPreflight({ url: api!.url, origin: ORIGIN, method: 'PUT', headers: [['X-Token', '1']] }), 0);
    assert.ok(summary.includes(expected.summary), `"${summary}" shows "${expected.summary}"`);
    const rows = await frame.locator('table.verdict tbody tr').allTextContents();
    assert.equal(rows.length, 4, rows.join('\n'));
    for (const [i, engine] of [...expected.engines, expected.standard].entries()) {
      assert.ok(rows[i].includes(engine.label) && rows[i].includes(engine.why), `${rows[i]} ⊇ ${engine.label}: ${engine.why}`);
      // Each engine caps Max-Age 86400 its own way.
      if (engine.cacheSeconds !== undefined) assert.ok(rows[i].includes(`${engine.cacheSeconds} s`), `${rows[i]} ⊇ ${engine.cacheSeconds} s`);
    }
    assert.ok(expected.engines.some((e) => e.why.includes(XSS)), 'the malicious value is part of the verdict');

    // The markup from the server is text on the page: in the verdict, the raw exchange and the body.
    const text = (await frame.locator('#verdict').textContent()) ?? '';
    assert.ok(text.split(XSS).length - 1 >= 4, `the value appears as text:\n${text.slice(0, 2000)}`);
    assert.equal(await frame.locator('img').count(), 0, 'no element was made from a server value');
    assert.equal(await frame.locator('[onerror]').count(), 0);
    assert.deepEqual(dialogs, [], 'no script ran');
    assert.match(text, /Preflight: 204 No Content/);
    assert.match(text, /Request: 200 OK/);
    await page.screenshot({ path: path.join(REPO, 'docs', 'images', 'preflight-tester.png') });
  });

  it('keeps working after an invalid URL and a server that is not there', async () => {
    const page = browser!.page;
    const frame = await testerFrame(page);
    await frame.locator('#url').fill('not a url');
    await frame.locator('#send').click();
    await poll('the invalid URL message', async () => ((await frame.locator('#url-problem').textContent({ timeout: 1000 })) ?? '').includes('not a valid URL') || undefined);
    assert.equal(await frame.locator('#url').getAttribute('aria-invalid'), 'true');
    // Nothing listens on port 1.
    await frame.locator('#url').fill('http://127.0.0.1:1/api');
    await frame.locator('#url').press('Enter');
    await poll('the refused connection message', async () => ((await frame.locator('#failure').textContent({ timeout: 1000 })) ?? '').includes('connection refused') || undefined);
    await frame.locator('#url').fill(api!.url);
    await frame.locator('#url').press('Enter');
    await poll('a verdict again', async () => /^(Blocked|Allowed)/.test((await frame.locator('#status').textContent({ timeout: 1000 })) ?? '') || undefined);
    const history = await frame.locator('#history li').allTextContents();
    assert.ok(history.some((h) => h.includes('failed: nothing accepts connections')), history.join('\n'));
  });

  it('says what to do about a self-signed certificate, and accepts it once allowed', async () => {
    const page = browser!.page;
    const frame = await testerFrame(page);
    const tls = https.createServer(selfSignedCert(), (_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
      res.end();
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/`;
      await frame.locator('#url').fill(url);
      await frame.locator('#method').fill('GET');
      await frame.locator('#headers').fill('');
      await frame.locator('#url').press('Enter');
      await poll('the TLS message', async () => ((await frame.locator('#failure').textContent({ timeout: 1000 })) ?? '').includes('Allow self-signed certificates') || undefined);
      assert.match((await frame.locator('#failure').textContent()) ?? '', /certificate is not trusted/);
      // The message moves focus to the option; Space ticks it, Enter sends again.
      await poll('focus on the option', async () => (await frame.evaluate(() => document.activeElement?.id)) === 'insecure' || undefined);
      await page.keyboard.press('Space');
      assert.equal(await frame.locator('#insecure').isChecked(), true);
      await frame.locator('#url').press('Enter');
      await poll('the verdict over TLS', async () => ((await frame.locator('#status').textContent({ timeout: 1000 })) ?? '') === 'Allowed in every browser' || undefined);
      await frame.locator('#insecure').uncheck();
    } finally {
      tls.closeAllConnections();
      await new Promise((r) => tls.close(r));
    }
  });

  it('follows the form in tab order', async () => {
    const page = browser!.page;
    const frame = await testerFrame(page);
    await frame.locator('#url').focus();
    const order: string[] = [];
    for (let i = 0; i < 11; i++) {
      order.push(await frame.evaluate(() => document.activeElement?.id ?? ''));
      await page.keyboard.press('Tab');
    }
    // Cancel is disabled while nothing runs, so it is skipped.
    assert.deepEqual(order, ['url', 'origin', 'method', 'headers', 'credentials', 'timeoutSeconds', 'insecure', 'send', 'probe', 'curl-preflight', 'curl-actual']);
  });

  it('"Probe Origins…" asks for a URL, shows progress and each crafted origin in the panel', async () => {
    const page = browser!.page;
    await runWhenReady(page, 'CORS: Probe Origins');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(api!.probeUrl);
    await input.press('Enter');
    const frame = await testerFrame(page);
    const summary = await poll('the probes to finish', async () => {
      const t = (await frame.locator('#probe-summary').textContent({ timeout: 1000 })) ?? '';
      return /finding/.test(t) ? t : undefined;
    });
    // The panel shows what the probe engine finds against the same server.
    const report = await runOriginProbes({ url: api!.probeUrl });
    assert.ok(report.findings.length > 0);
    assert.equal(summary, `${report.results.length} probes, ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`);
    const rows = await frame.locator('table.probes tbody tr').allTextContents();
    assert.equal(rows.length, report.results.length);
    for (const r of report.findings) {
      const row = rows.find((t) => t.startsWith(r.origin));
      assert.ok(row?.includes(r.finding!.ruleId), `${r.origin}: ${row}`);
    }
    assert.equal(await frame.locator('table.probes tr.finding').count(), report.findings.length);
    assert.deepEqual(dialogs, []);
  });

  it('"Send Test Preflight…" sends to the URL typed in; Cancel stops a server that never answers', async () => {
    const page = browser!.page;
    await runWhenReady(page, 'CORS: Send Test Preflight');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(api!.silentUrl);
    await input.press('Enter');
    const frame = await testerFrame(page);
    await poll('the test under way', async () => ((await frame.locator('#status').textContent({ timeout: 1000 })) ?? '').startsWith('Sending to') || undefined);
    assert.equal(await frame.locator('#url').inputValue(), api!.silentUrl);
    await frame.locator('#cancel').click();
    await poll('the cancelled test', async () => ((await frame.locator('#failure').textContent({ timeout: 1000 })) ?? '').includes('Cancelled.') || undefined);
    assert.equal(await frame.locator('#send').isEnabled(), true);
  });

  it('the code lens on a finding opens the tester prefilled from listen, server_name and the location', async () => {
    const page = browser!.page;
    await openFile(page, 'nginx.conf');
    const lens = page.locator('.codelens-decoration a', { hasText: LENS_TITLE }).first();
    await lens.waitFor({ state: 'visible', timeout: 60_000 });
    await lens.click();
    const frame = await testerFrame(page);
    const port = new URL(api!.url).port;
    await poll('the prefilled URL', async () => ((await frame.locator('#url').inputValue({ timeout: 1000 })) === `http://127.0.0.1:${port}/api/` ? true : undefined));
    assert.equal(await frame.locator('#method').inputValue(), 'PUT');
    assert.equal(await frame.locator('#headers').inputValue(), 'X-Token: test');
  });

  it('comes back after the window reloads, with the last request in the form', async () => {
    const page = browser!.page;
    const url = `${api!.url}?before-the-reload`;
    await runWhenReady(page, 'CORS: Open Preflight Tester');
    const before = await testerFrame(page);
    await before.locator('#url').fill(url);
    await before.locator('#url').press('Enter');
    await poll('the verdict of that request', async () => ((await before.locator('#verdict').textContent({ timeout: 1000 }))?.includes('before-the-reload') ? true : undefined));
    // As a user reloads: the workbench shuts down in order and keeps its state.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForLoadState('load');
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    const after = await testerFrame(page);
    await poll('the last URL in the revived form', async () => ((await after.locator('#url').inputValue({ timeout: 1000 })) === url ? true : undefined));
  });
});
