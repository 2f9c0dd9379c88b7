import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { buildApacheModel, policyForRequest } from '../../../server/src/model/apache/policies';
import { serverForHost } from '../../../server/src/model/apache/servers';
import { predict } from '../../../server/src/model/predict';
import { loadApacheConfig } from '../../../server/src/parsers/apache/loader';
import { parseApache } from '../../../server/src/parsers/apache/parser';
import { apacheBinary, startApache } from '../support/apache-runner';
import { probe } from '../support/http-probe';
import { corsLines, type OracleSpec, probesFor } from './matrix';

const FIXTURES = path.resolve(__dirname, '../../fixtures/oracle/apache');

function findHtaccess(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findHtaccess(p, out);
    else if (e.name === '.htaccess') out.push(p);
  }
  return out;
}

const totals = { fixtures: 0, probes: 0, agree: 0 };

describe('Apache model against real Apache httpd', function () {
  this.timeout(120000);
  const names = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'oracle.json'))).sort();

  it('has apache2 to run against (missing is a failure, not a skip)', () => {
    assert.ok(apacheBinary());
  });

  it('has at least 25 fixtures', () => {
    assert.ok(names.length >= 25, `only ${names.length} fixtures`);
  });

  for (const name of names) {
    it(name, async () => {
      const dir = path.join(FIXTURES, name);
      const spec = JSON.parse(fs.readFileSync(path.join(dir, 'oracle.json'), 'utf8')) as OracleSpec;
      const apache = await startApache({ fixtureDir: dir, modules: spec.modules });
      try {
        const host = createNodeFileHost();
        const config = loadApacheConfig(apache.confPath, host);
        assert.deepEqual(config.problems.map((p) => p.message), []);
        const site = path.join(apache.dir, 'site');
        const htaccess = findHtaccess(site).map((f) => parseApache(fs.readFileSync(f, 'utf8'), f));
        const model = buildApacheModel(config, host, htaccess);
        const disagreements: string[] = [];
        const probes = probesFor(spec, path.join(site, 'htdocs'));
        for (const p of probes) {
          const server = serverForHost(model.servers, p.host);
          assert.ok(server, 'the model finds a server');
          const predicted = predict(policyForRequest(model, server, p.path), p.sim);
          const real = await probe({ port: apache.port, method: p.method, path: p.path, headers: p.headers });
          const want = { status: real.status, lines: corsLines(real.headers) };
          const got = { status: predicted.status, lines: corsLines(predicted.headers) };
          totals.probes++;
          if (JSON.stringify(want) === JSON.stringify(got)) totals.agree++;
          else disagreements.push(`${p.label}: Apache ${JSON.stringify(want)} model ${JSON.stringify(got)}${predicted.unknown.length ? ` (unknown: ${predicted.unknown.join('; ')})` : ''}`);
        }
        totals.fixtures++;
        assert.deepEqual(disagreements, [], `${disagreements.length} of ${probes.length} probes disagree`);
      } finally {
        await apache.stop();
      }
    });
  }

  after(() => {
    console.log(`      Apache oracle: ${totals.agree}/${totals.probes} probes agree over ${totals.fixtures} fixtures`);
  });
});
