import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import type { CorsPolicy } from '../../../server/src/model/cors-policy';
import { buildNginxPolicies } from '../../../server/src/model/nginx/build-policies';
import { predict } from '../../../server/src/model/predict';
import { loadNginxConfig } from '../../../server/src/parsers/nginx/loader';
import { createStaticFiles, matrixFor, runCase, upstreamFromConfig, type Disagreement } from '../support/nginx-matrix';
import { nginxBinary, prepareNginx, removePrepared, startNginx, type PreparedNginx, type RunningNginx } from '../support/nginx-runner';

/**
 * The model is right when it predicts what real nginx sends. For every fixture,
 * every response path and a matrix of requests (origins allowed, foreign,
 * `null` and absent; simple, credentialed and preflight requests; files present
 * and missing), the predicted status and CORS header lines must equal nginx's.
 */

const FIXTURES = path.resolve(__dirname, '../../fixtures/oracle/nginx');
const tally = { configs: 0, pairs: 0, agree: 0 };

/** Dynamic modules a fixture loads must be installed: say which package gives them rather than fail inside nginx -t. */
function requireModules(conf: string): void {
  const packages: Record<string, string> = { 'ngx_http_headers_more_filter_module.so': 'libnginx-mod-http-headers-more-filter' };
  for (const m of fs.readFileSync(conf, 'utf8').matchAll(/^\s*load_module\s+(\S+);/gm)) {
    if (fs.existsSync(m[1])) continue;
    const pkg = packages[path.basename(m[1])] ?? 'the Debian package that provides it';
    throw new Error(`${path.basename(path.dirname(conf))} needs the nginx module ${m[1]}: install ${pkg}`);
  }
}

function extraOrigins(text: string): string[] {
  const m = /^#\s*oracle-origins:(.*)$/m.exec(text);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

describe('nginx model agrees with real nginx', function () {
  before(function () {
    // Fails (never skips) with the install hint when nginx is missing.
    nginxBinary();
  });

  after(function () {
    console.log(`      nginx oracle: ${tally.agree} of ${tally.pairs} (config, request) pairs agree, over ${tally.configs} configs`);
  });

  const names = fs.readdirSync(FIXTURES).filter((n) => fs.statSync(path.join(FIXTURES, n)).isDirectory()).sort();

  it('has at least 30 fixtures', function () {
    assert.ok(names.length >= 30, `only ${names.length} nginx oracle fixtures`);
  });

  for (const name of names) {
    describe(name, function () {
      let prepared: PreparedNginx | undefined;
      let running: RunningNginx | undefined;
      let policies: CorsPolicy[] = [];
      const host = createNodeFileHost();

      before(async function () {
        requireModules(path.join(FIXTURES, name, 'nginx.conf'));
        prepared = await prepareNginx(path.join(FIXTURES, name));
        const config = loadNginxConfig(prepared.conf, host);
        assert.deepEqual(config.problems.map((p) => p.message), [], 'the fixture loads without problems');
        policies = buildNginxPolicies(config);
        createStaticFiles(prepared.dir, policies, (f) => host.readText(f));
        running = await startNginx(prepared);
      });

      after(async function () {
        if (running) await running.stop();
        if (prepared) removePrepared(prepared);
      });

      it('predicts every status and CORS header line', async function () {
        const dir = prepared!.dir;
        const origins = extraOrigins(fs.readFileSync(prepared!.conf, 'utf8'));
        const disagreements: Disagreement[] = [];
        const unreachable: string[] = [];
        let pairs = 0;
        for (const policy of policies) {
          const endpoint = policy.endpoint;
          if (!endpoint) continue;
          const hostName = endpoint.hosts[0] ?? 'localhost';
          const cases = matrixFor(policy, origins, (f) => host.readText(f));
          // Only named locations are out of reach from outside; a regex location needs its `# oracle-uri:`.
          if (!cases.length && !policy.label.includes('location @')) unreachable.push(policy.label);
          for (const c of cases) {
            const upstream = upstreamFromConfig(policies, (f) => host.readText(f), dir, c.uri);
            const d = await runCase(policy, c, endpoint.ports[0], hostName, (req) => predict(policy, req, { upstream }), dir);
            pairs++;
            if (d) disagreements.push(d);
          }
        }
        tally.configs++;
        tally.pairs += pairs;
        tally.agree += pairs - disagreements.length;
        assert.ok(pairs > 0, 'the fixture yields requests to compare');
        assert.deepEqual(unreachable, [], 'every path that outside requests can reach is compared');
        assert.deepEqual(disagreements, [], `${disagreements.length} of ${pairs} requests disagree`);
      });
    });
  }
});
