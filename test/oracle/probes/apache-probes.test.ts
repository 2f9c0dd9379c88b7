import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApache, type ApacheInstance } from '../support/apache-runner';
import { assertProbeFindings, expectation } from './probe-expectations';

/**
 * The origin probes against real Apache: each site with a known flaw must give
 * exactly the findings its `# expect:` line names, and the correct ones none.
 */

const FIXTURES = path.join(__dirname, 'apache-fixtures');
const HOST = 'api.shop.test';

describe('origin probes against real Apache', function () {
  this.timeout(60_000);
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    it(name, async () => {
      const site = path.join(FIXTURES, name);
      const expected = expectation(path.join(site, 'site.conf'));
      let apache: ApacheInstance | undefined;
      try {
        apache = await startApache({ fixtureDir: site });
        await assertProbeFindings(`http://${HOST}:${apache.port}/api/items`, expected);
      } finally {
        await apache?.stop();
      }
    });
  }
});
