import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { probeOrigins, runOriginProbes } from '../../../server/src/tester';

/** The findings a fixture's `# expect:` line names, as `trick:rule-id`, sorted. */
export function expectation(file: string): string[] {
  const line = /^# expect:(.*)$/m.exec(fs.readFileSync(file, 'utf8'));
  if (!line) throw new Error(`${file} has no "# expect:" line`);
  return line[1].trim().split(/\s+/).filter(Boolean).sort();
}

/**
 * Probes a real server at `url` (reached on loopback whatever its host name)
 * and checks that exactly the expected tricks were found, each credentialed
 * access reported as an error.
 */
export async function assertProbeFindings(url: string, expected: string[], insecure = false): Promise<void> {
  const report = await runOriginProbes({ url, connectTo: '127.0.0.1', insecure, timeoutMs: 5000 });
  assert.equal(report.results.length, probeOrigins(new URL(url)).length);
  for (const r of report.results) assert.equal(r.error, undefined, `${r.origin}: ${r.error}`);
  const found = [...new Set(report.findings.map((r) => `${r.kind}:${r.finding!.ruleId}`))].sort();
  assert.deepEqual(found, expected, report.findings.map((r) => `${r.origin} ${r.access}`).join('\n'));
  if (found.includes('reflection:reflected-origin')) {
    assert.ok(report.results.every((r) => r.access === 'credentialed'), 'every crafted origin gets in');
  }
  for (const r of report.findings) {
    if (r.access === 'credentialed' && r.ruleId !== 'any-subdomain-trusted') assert.equal(r.finding!.severity, 'error', r.origin);
  }
}
