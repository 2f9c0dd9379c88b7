import * as path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { requireBinary, tempHome } from './temp-home';

export const CHROMIUM_BINARY = '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  // Keeps sandboxed iframes (the null-origin cases) in the page's own target, so their CORS issues reach its CDP session.
  '--disable-features=IsolateSandboxedIframes',
];

export interface CorsIssue {
  url: string;
  corsError: string;
  failedParameter?: string;
}

export interface ChromiumSession {
  page: Page;
  /** Every CorsIssue the page raised so far, from CDP `Audits.issueAdded`. */
  issues: CorsIssue[];
  version: string;
  close(): Promise<void>;
}

/** Headless Chromium from Debian with a fresh profile, reporting CORS issues over CDP. */
export async function launchChromium(): Promise<ChromiumSession> {
  const executablePath = requireBinary(CHROMIUM_BINARY, 'Chromium', 'chromium');
  const home = tempHome('chromium');
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(path.join(home.dir, 'profile'), { executablePath, headless: true, args: ARGS, env: home.env, timeout: 60_000 });
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp: CDPSession = await context.newCDPSession(page);
    const issues: CorsIssue[] = [];
    cdp.on('Audits.issueAdded', (event: { issue: { code: string; details: { corsIssueDetails?: { request: { url: string }; corsErrorStatus: { corsError: string; failedParameter?: string } } } } }) => {
      const cors = event.issue.details.corsIssueDetails;
      if (event.issue.code === 'CorsIssue' && cors) issues.push({ url: cors.request.url, corsError: cors.corsErrorStatus.corsError, failedParameter: cors.corsErrorStatus.failedParameter });
    });
    await cdp.send('Audits.enable');
    const version = context.browser()?.version() ?? (await cdp.send('Browser.getVersion')).product;
    const ctx = context;
    return {
      page,
      issues,
      version,
      close: async () => {
        await ctx.close().catch(() => undefined);
        home.remove();
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    home.remove();
    throw new Error(`Chromium (${executablePath}) could not be started: ${(error as Error).message}`);
  }
}
