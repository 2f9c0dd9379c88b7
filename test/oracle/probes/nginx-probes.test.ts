import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { probeOrigins, runOriginProbes } from '../../../server/src/tester';
import { selfSignedCert } from '../../unit/tester/loopback';
import { prepareNginx, removePrepared, startNginx, type PreparedNginx, type RunningNginx } from '../support/nginx-runner';

/**
 * The origin probes against real nginx: each config with a known flaw must
 * give exactly the findings its `# expect:` line names, and the correct
 * configs none. The target is addressed by a real-looking
 * host name and connected to on loopback.
 */

const FIXTURES = path.join(__dirname, 'fixtures');
const HOST = 'api.shop.test';

function expectation(conf: string): string[] {
  const line = /^# expect:(.*)$/m.exec(fs.readFileSync(conf, 'utf8'));
  if (!line) throw new Error(`${conf} has no "# expect:" line`);
  return line[1].trim().split(/\s+/).filter(Boolean).sort();
}

describe('origin probes against real nginx', function () {
  this.timeout(60_000);
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    it(name, async () => {
      const conf = path.join(FIXTURES, name, 'nginx.conf');
      const expected = expectation(conf);
      const https = fs.readFileSync(conf, 'utf8').includes(' ssl;');
      let prepared: PreparedNginx | undefined;
      let running: RunningNginx | undefined;
      try {
        prepared = await prepareNginx(path.join(FIXTURES, name));
        if (https) {
          const { key, cert } = selfSignedCert();
          fs.writeFileSync(path.join(prepared.dir, 'key.pem'), key);
          fs.writeFileSync(path.join(prepared.dir, 'cert.pem'), cert);
        }
        running = await startNginx(prepared);
        const url = `${https ? 'https' : 'http'}://${HOST}:${prepared.ports.A}/api/items`;
        const report = await runOriginProbes({ url, connectTo: '127.0.0.1', insecure: https, timeoutMs: 5000 });
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
      } finally {
        await running?.stop();
        if (prepared) removePrepared(prepared);
      }
    });
  }
});
