import * as fs from 'node:fs';
import * as path from 'node:path';
import { selfSignedCert } from '../../unit/tester/loopback';
import { assertProbeFindings, expectation } from './probe-expectations';
import { prepareNginx, removePrepared, startNginx, type PreparedNginx, type RunningNginx } from '../support/nginx-runner';

/**
 * The origin probes against real nginx: each config with a known flaw must
 * give exactly the findings its `# expect:` line names, and the correct
 * configs none. The target is addressed by a real-looking
 * host name and connected to on loopback.
 */

const FIXTURES = path.join(__dirname, 'fixtures');
const HOST = 'api.shop.test';

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
        await assertProbeFindings(url, expected, https);
      } finally {
        await running?.stop();
        if (prepared) removePrepared(prepared);
      }
    });
  }
});
