import type { EngineName } from '../../../server/src/fetch/types';
import { launchChromium } from '../support/browsers/chromium';
import { launchFirefox } from '../support/browsers/firefox';
import { runInWebKit } from '../support/browsers/webkit';
import type { CaseServer } from './case-server';
import type { EngineResult, OracleCase } from './case-types';

export interface EngineRun {
  runId: string;
  version: string;
  results: Map<string, EngineResult>;
}

/** Cases per `page.evaluate`: big enough to be quick, small enough that one stuck fetch shows where. */
const BATCH = 60;

type Runner = (server: CaseServer, cases: OracleCase[], runId: string) => Promise<EngineRun>;

function newRunId(engine: EngineName): string {
  return `${engine}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Block reasons arrive a little after the fetch settles, later on a loaded
 * machine: wait until every blocked case has one, for at most `limitMs`.
 * A case still without one then fails with its reason missing.
 */
async function settle(results: Map<string, EngineResult>, collect: () => void, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  await sleep(200);
  for (;;) {
    collect();
    const waiting = [...results.values()].some((r) => !r.allowed && r.reason === undefined);
    if (!waiting || Date.now() > deadline) return;
    await sleep(100);
  }
}

const chromium: Runner = async (server, cases, runId) => {
  const base = server.load(runId, cases);
  const session = await launchChromium();
  try {
    await session.page.goto(`${server.pageOrigin}/runner.html`);
    const results = new Map<string, EngineResult>();
    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      const out = await session.page.evaluate(({ base, batch }) => (window as unknown as { runCases(b: string, c: unknown[]): Promise<EngineResult[]> }).runCases(base, batch), { base, batch });
      for (const r of out) results.set(r.id, { id: r.id, allowed: r.allowed });
    }
    await settle(results, () => {
      for (const issue of session.issues) {
        const r = results.get(issue.url.slice(base.length).split('?')[0]);
        if (r && r.reason === undefined) r.reason = issue.corsError;
      }
    });
    return { runId, version: session.version, results };
  } finally {
    await session.close();
  }
};

/** Firefox's block reason, from "... at URL. (Reason: TEXT)". */
function firefoxReason(message: string): { url: string; reason: string } | undefined {
  const m = /remote resource at ‘?(\S+?)’?\. \(Reason: (.*)$/.exec(message);
  return m ? { url: m[1], reason: m[2].replace(/\)\.?$/, '') } : undefined;
}

const firefox: Runner = async (server, cases, runId) => {
  const base = server.load(runId, cases);
  const session = await launchFirefox();
  try {
    await session.page.goto(`${server.pageOrigin}/runner.html`);
    const results = new Map<string, EngineResult>();
    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      const out = (await session.page.evaluate((b: string, c: OracleCase[]) => (window as unknown as { runCases(b: string, c: unknown[]): Promise<EngineResult[]> }).runCases(b, c), base, batch)) as EngineResult[];
      for (const r of out) results.set(r.id, { id: r.id, allowed: r.allowed });
    }
    await settle(results, () => {
      for (const message of session.messages) {
        const found = firefoxReason(message);
        if (!found || !found.url.startsWith(base)) continue;
        const r = results.get(found.url.slice(base.length).split('?')[0]);
        if (r && r.reason === undefined) r.reason = found.reason;
      }
    });
    return { runId, version: session.version, results };
  } finally {
    await session.close();
  }
};

const webkit: Runner = async (server, cases, runId) => {
  server.load(runId, cases);
  const run = await runInWebKit(`${server.pageOrigin}/runner.html#${runId}`, 'ORACLE-DONE', 180_000);
  const results = new Map<string, EngineResult>();
  let reasons: string[] = [];
  for (const line of run.lines) {
    if (line.startsWith('ORACLE-START ')) reasons = [];
    else if (line.startsWith('SECURITY ')) reasons.push(line.slice('SECURITY '.length));
    else if (line.startsWith('ORACLE-RESULT ')) {
      const r = JSON.parse(line.slice('ORACLE-RESULT '.length)) as EngineResult;
      results.set(r.id, { id: r.id, allowed: r.allowed, reason: reasons.find((t) => !t.startsWith('Fetch API cannot load')) ?? reasons[0] });
    } else if (line.startsWith('ORACLE-FAILED')) {
      throw new Error(`the WebKit runner page failed: ${line}`);
    }
  }
  return { runId, version: run.version, results };
};

export const RUNNERS: Record<EngineName, (server: CaseServer, cases: OracleCase[]) => Promise<EngineRun>> = {
  chromium: (s, c) => chromium(s, c, newRunId('chromium')),
  firefox: (s, c) => firefox(s, c, newRunId('firefox')),
  webkit: (s, c) => webkit(s, c, newRunId('webkit')),
};
