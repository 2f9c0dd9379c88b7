import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServerAndBrowser, ensurePackage, REPO } from './helpers/build';
import { extensionLog, serverMemory, startCodeServer, type CodeServer } from './helpers/code-server';
import { goTo, openBrowser, openFile, openQuickFix, poll, problemCounts, runCommand, visibleLines, type Browser, type ProblemCounts } from './helpers/workbench';

const IMAGES = path.join(REPO, 'docs', 'images');

describe('the extension in VS Code (code-server + Chromium)', function () {
  this.timeout(10 * 60 * 1000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workspace: string;
  let initial: ProblemCounts;
  let openedAt: number;

  before(async () => {
    ensureCodeServerAndBrowser();
    const vsix = ensurePackage();
    // Named `examples` so the screenshots show what the README talks about.
    workspace = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cors-e2e-ws-'))), 'examples');
    fs.cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });
    // A config whose name, folder and first line say nothing: only its content shows it is nginx.
    fs.mkdirSync(path.join(workspace, 'deploy'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'deploy', 'edge'), '# The edge proxy in front of the static site.\nserver {\n    listen 127.0.0.1:8090;\n    location / {\n        add_header Access-Control-Allow-Origin * always;\n        return 204;\n    }\n}\n');
    server = await startCodeServer(vsix, workspace);
    browser = await openBrowser();
    openedAt = Date.now();
    await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await browser.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
  });

  afterEach(async function () {
    // A failing step leaves a picture of the workbench for the reader of the log.
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
    if (workspace) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  it('shows the workspace\'s problems in the status bar after the start-up scan', async () => {
    const page = browser!.page;
    // Settled: the extension's own count (shown once no analysis runs) matches the Problems panel's.
    const settled = await poll('the problems of the examples workspace, settled', async () => {
      const counts = await problemCounts(page);
      const text = await page.locator('[id$="corsPreflight.status"]').first().textContent({ timeout: 1000 });
      const ours = /CORS (\d+)/.exec(text ?? '');
      return counts && ours && counts.errors > 0 && counts.errors + counts.warnings + counts.infos === Number(ours[1]) ? { counts, ours: ours[0] } : undefined;
    });
    initial = settled.counts;
    const ours = settled.ours;
    const firstDiagnosticsMs = Date.now() - openedAt;
    console.log(`      problems: ${JSON.stringify(initial)}; extension status bar: "${ours}"; all diagnostics ${firstDiagnosticsMs} ms after opening the page (code-server start-up included)`);
  });

  it('explains a finding on hover', async () => {
    const page = browser!.page;
    await openFile(page, 'nginx/sites-available/api');
    await poll('squiggles in the editor', async () => ((await page.locator('.squiggly-error').count()) > 0 ? true : undefined));
    await goTo(page, 19, 50);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await poll('the hover text', async () => ((await hover.textContent({ timeout: 1000 })) ?? '').includes('Access-Control-Allow-Origin') ? true : undefined);
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /headers-missing-on-error-responses/);
    await page.screenshot({ path: path.join(IMAGES, 'diagnostics-hover.png') });
    await page.keyboard.press('Escape');
  });

  it('applies a quick fix from the lightbulb menu (Ctrl+.)', async () => {
    const page = browser!.page;
    const title = 'Use the pattern ^https://partner\\.example\\.com$';
    await goTo(page, 6, 8);
    const item = await openQuickFix(page, title);
    await page.screenshot({ path: path.join(IMAGES, 'quick-fix.png') });
    await item.click();
    await poll('the fixed pattern in the editor', async () =>
      (await visibleLines(page)).some((l) => l.includes('"~^https://partner\\.example\\.com$" $http_origin;')) ? true : undefined,
    );
    const after = await poll('one error fewer', async () => {
      const counts = await problemCounts(page);
      return counts && counts.errors === initial.errors - 1 ? counts : undefined;
    });
    assert.equal(after.warnings, initial.warnings, 'the other problems stay');
  });

  it('recognises nginx configs by path and, for extensionless files, by content', async () => {
    const page = browser!.page;
    const mode = page.locator('[id="status.editor.mode"]').first();
    await openFile(page, 'deploy/edge');
    await poll('the nginx language for deploy/edge', async () => ((await mode.textContent({ timeout: 1000 })) ?? '').includes('Nginx') ? true : undefined);
    await openFile(page, 'nginx/sites-available/api');
    await poll('the nginx language for sites-available/api', async () => ((await mode.textContent({ timeout: 1000 })) ?? '').includes('Nginx') ? true : undefined);
  });

  it('follows settings changes: off clears every problem, on brings them back', async () => {
    const page = browser!.page;
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'corsPreflight.enable': false }));
    await poll('no problems with the extension off', async () => {
      const counts = await problemCounts(page);
      return counts && counts.errors + counts.warnings + counts.infos === 0 ? counts : undefined;
    });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'corsPreflight.enable': true }));
    await poll('the problems back with the extension on', async () => {
      const counts = await problemCounts(page);
      return counts && counts.errors === initial.errors - 1 && counts.warnings === initial.warnings && counts.infos === initial.infos ? counts : undefined;
    });
  });

  it('runs its commands from the palette and reports activation time and server memory', async () => {
    const page = browser!.page;
    await runCommand(page, 'CORS Preflight: Show Output');
    await poll('the CORS Preflight output channel', async () =>
      ((await page.locator('.panel .monaco-editor .view-lines').first().textContent({ timeout: 1000 })) ?? '').replace(/\u00a0/g, ' ').includes('Activated in') ? true : undefined,
    );
    const log = await poll('the activation line in the log file', async () => (/Activated in (\d+) ms/.exec(extensionLog(server!.runDir)) ?? undefined) as RegExpExecArray | undefined);
    const ready = await poll('the server-ready line in the log file', async () => (/Server ready (\d+) ms/.exec(extensionLog(server!.runDir)) ?? undefined) as RegExpExecArray | undefined);
    const memory = serverMemory(server!.runDir);
    assert.ok(memory, 'the language server process runs');
    console.log(`      activation: ${log[1]} ms (activate()); server ready after ${ready[1]} ms; server memory: ${memory.rssMiB.toFixed(1)} MiB resident, ${memory.peakMiB.toFixed(1)} MiB peak (pid ${memory.pid})`);
    await runCommand(page, 'CORS Preflight: Show Rule Documentation');
    const input = page.locator('.quick-input-widget input');
    await input.fill('reflected-origin');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'reflected-origin' }).first().click();
    await poll('the rule page in a Markdown preview', async () =>
      ((await page.locator('.tab.active').first().getAttribute('aria-label', { timeout: 1000 })) ?? '').includes('reflected-origin') ? true : undefined,
    );
    // Keys typed into a Markdown preview stay in its frame: back to an editor first.
    await page.locator('.tab', { hasText: 'api' }).first().click();
    await runCommand(page, 'CORS Preflight: Restart Server');
    await poll('the restart in the log', async () => (extensionLog(server!.runDir).includes('Server restarted') ? true : undefined));
    await poll('a new server process', async () => {
      const next = serverMemory(server!.runDir);
      return next && next.pid !== memory.pid ? next : undefined;
    });
    await poll('the problems again after the restart', async () => {
      const counts = await problemCounts(page);
      return counts && counts.errors === initial.errors - 1 ? counts : undefined;
    });
  });

  it('restarts a crashed server every time and tells the user', async () => {
    const page = browser!.page;
    const notice = page.locator('.notifications-center .notification-list-item', { hasText: 'stopped unexpectedly and was restarted' });
    const crashes = 3;
    let pid = serverMemory(server!.runDir)!.pid;
    for (let crash = 1; crash <= crashes; crash++) {
      process.kill(pid, 'SIGKILL');
      const next = await poll(`a new server process after crash ${crash}`, async () => {
        const found = serverMemory(server!.runDir);
        return found && found.pid !== pid ? found : undefined;
      });
      pid = next.pid;
      await poll('the problems back after the restart', async () => {
        const counts = await problemCounts(page);
        return counts && counts.errors === initial.errors - 1 ? counts : undefined;
      });
    }
    await runCommand(page, 'Notifications: Show Notifications');
    await poll('the restart notice in the notification center', async () => ((await notice.count()) > 0 ? true : undefined));
    assert.equal(await notice.count(), 1, 'one notice in the notification center');
    // VS Code replaces a notification by an identical one, so the center alone cannot tell once from
    // several times: the extension's log records each time the user is told.
    const log = extensionLog(server!.runDir);
    assert.equal((log.match(/The server stopped unexpectedly; restarting it\./g) ?? []).length, crashes);
    assert.equal((log.match(/Told the user that the server was restarted\./g) ?? []).length, 1, 'told once over every crash');
  });
});
