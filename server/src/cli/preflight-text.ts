import { ENGINE_LABELS } from '../fetch/engine-profiles';
import { ENGINES, type Outcome } from '../fetch/types';
import type { Exchange } from '../tester/http-exchange';
import type { PreflightTestResult } from '../tester/preflight-run';

const MAX_HEADER_LINES = 40;
const MAX_VALUE = 200;

function ms(n: number): string {
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
}

function exchangeText(label: string, ex: Exchange): string[] {
  const lines = [`${label}: ${ex.request.method} → ${ex.status} ${ex.statusText} (${ms(ex.timing.totalMs)})`];
  const shown = ex.headers.slice(0, MAX_HEADER_LINES);
  for (const [name, value] of shown) lines.push(`    ${name}: ${value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}… (${value.length} bytes)` : value}`);
  if (ex.headers.length > shown.length) lines.push(`    … ${ex.headers.length - shown.length} more header lines`);
  if (ex.redirectTo) lines.push(`    (redirect to ${ex.redirectTo}, not followed)`);
  return lines;
}

function outcomeText(o: Outcome): string {
  return o.allowed ? 'allowed' : `blocked  ${o.reason}${o.detail ? ` (${o.detail})` : ''}`;
}

/** The `preflight` report for a terminal: the exchanges, each check in order, then each engine's verdict beside the standard's. */
export function formatPreflightText(result: PreflightTestResult): string {
  const { request, verdict } = result;
  const out: string[] = [`${request.method} ${request.url}`, `  from ${request.origin}, credentials ${request.credentials === 'include' ? 'included' : 'omitted'}`, ''];
  if (result.preflight) out.push(...exchangeText('Preflight', result.preflight), '');
  if (result.actual) out.push(...exchangeText('Request', result.actual), '');
  else if (result.preflight) out.push('Request: not sent (no browser gets past this preflight)', '');
  out.push('Checks:');
  const width = Math.max(...verdict.steps.map((s) => s.name.length));
  for (const step of verdict.steps.filter((s) => s.name !== 'standard' && !(ENGINES as readonly string[]).includes(s.name))) {
    out.push(`  ${step.ok ? '✓' : '✗'} ${step.name.padEnd(width)}  ${step.detail}`);
  }
  out.push('', 'Browsers:');
  for (const engine of ENGINES) {
    const o = verdict.browsers[engine];
    const departs = o.allowed !== verdict.standard.allowed || o.reason !== verdict.standard.reason;
    out.push(`  ${ENGINE_LABELS[engine].padEnd(16)} ${outcomeText(o)}${departs ? '   (departs from the standard)' : ''}`);
  }
  out.push(`  ${'Fetch standard'.padEnd(16)} ${outcomeText(verdict.standard)}`);
  if (verdict.preflightCacheSeconds) {
    out.push('', `Preflight cached for: ${ENGINES.map((e) => `${ENGINE_LABELS[e]} ${verdict.preflightCacheSeconds![e]} s`).join(', ')}`);
  }
  out.push('', verdict.allowed ? 'Result: ALLOWED in every browser' : `Result: BLOCKED (${verdict.reason})`);
  return out.join('\n') + '\n';
}
