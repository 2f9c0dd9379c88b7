import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM } from './build';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-e2e-chromium-'));
  process.env.XDG_CONFIG_HOME ??= path.join(dir, 'xdg');
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 850 },
    env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg'), XDG_CACHE_HOME: path.join(dir, 'cache') },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` returns a value; fails with `what` and the last value seen. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** The counts of the Problems item in the status bar (`#status.problems`). */
export async function problemCounts(page: Page): Promise<ProblemCounts | undefined> {
  const label = await page.locator('[id="status.problems"]').first().getAttribute('aria-label', { timeout: 1000 });
  if (!label) return undefined;
  const count = (word: string) => Number(new RegExp(`${word}\\w*:\\s*(\\d+)`, 'i').exec(label)?.[1] ?? 0);
  return { errors: count('Error'), warnings: count('Warning'), infos: count('Info') };
}

/** Opens a workspace file through Quick Open, as a user would. */
export async function openFile(page: Page, relative: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relative);
  await poll(`"${path.basename(relative)}" in Quick Open`, async () =>
    ((await page.locator('.quick-input-list .monaco-list-row').first().textContent({ timeout: 1000 })) ?? '').includes(path.basename(relative)) ? true : undefined,
  );
  await page.keyboard.press('Enter');
  await poll(`an editor tab for ${relative}`, async () => ((await page.locator('.tab.active').first().getAttribute('aria-label', { timeout: 1000 })) ?? '').includes(path.basename(relative)) ? true : undefined);
}

/** Moves the cursor with "Go to Line/Column" (Ctrl+G), 1-based. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  // Ctrl+G opens Quick Open with the `:` prefix; the prefix is part of the text.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Runs a command from the palette (F1), by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** The text of the editor's visible lines, top to bottom. */
export async function visibleLines(page: Page): Promise<string[]> {
  return page.locator('.editor-instance .view-lines .view-line').evaluateAll((lines) =>
    lines
      .map((l) => ({ top: parseFloat((l as HTMLElement).style.top), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/**
 * Opens the Quick Fix menu with Ctrl+. and returns its row with `title`. The key
 * is pressed again if the menu has not appeared, since focus may still be on its
 * way back to the editor from a closing widget.
 */
export async function openQuickFix(page: Page, title: string): Promise<Locator> {
  const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  return poll(`"${title}" in the Quick Fix menu`, async () => {
    await page.keyboard.press('Control+.');
    try {
      await row.waitFor({ state: 'visible', timeout: 3000 });
      return row;
    } catch {
      await page.keyboard.press('Escape');
      return undefined;
    }
  }, 60_000);
}
