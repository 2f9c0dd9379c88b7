import * as path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { requireBinary, tempHome } from './temp-home';

export const FIREFOX_BINARY = '/usr/lib/firefox-esr/firefox-esr';

export interface FirefoxSession {
  page: Page;
  /** Console and page-error text, in arrival order: Firefox writes its CORS block reasons there. */
  messages: string[];
  version: string;
  close(): Promise<void>;
}

/** Headless Firefox ESR from Debian over WebDriver BiDi, with a fresh profile. */
export async function launchFirefox(): Promise<FirefoxSession> {
  const executablePath = requireBinary(FIREFOX_BINARY, 'Firefox ESR', 'firefox-esr');
  const home = tempHome('firefox');
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      headless: true,
      executablePath,
      userDataDir: path.join(home.dir, 'profile'),
      env: home.env,
      timeout: 60_000,
    });
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    page.on('pageerror', (e) => messages.push(String((e as Error).message ?? e)));
    const version = await browser.version();
    const b = browser;
    return {
      page,
      messages,
      version,
      close: async () => {
        await b.close().catch(() => undefined);
        home.remove();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    home.remove();
    throw new Error(`Firefox (${executablePath}) could not be started: ${(error as Error).message}`);
  }
}
