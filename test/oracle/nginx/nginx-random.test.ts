import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import type { CorsPolicy } from '../../../server/src/model/cors-policy';
import { buildNginxPolicies } from '../../../server/src/model/nginx/build-policies';
import { predict } from '../../../server/src/model/predict';
import { loadNginxConfig } from '../../../server/src/parsers/nginx/loader';
import { generateConfig } from '../support/nginx-config-generator';
import { createStaticFiles, matrixFor, runCase, upstreamFromConfig, type Disagreement } from '../support/nginx-matrix';
import { nginxBinary, prepareNginx, removePrepared, startNginx } from '../support/nginx-runner';

/**
 * Generated configurations, a fixed list of seeds: each one is run by real
 * nginx and every path is compared with the model over the same request
 * matrix as the fixtures. A failure names the seed; `generateConfig(seed)`
 * gives the configuration back.
 */

// 60 by default keeps the suite quick; NGINX_GENERATED_CONFIGS=1000 explores further.
const SEEDS = Array.from({ length: Number(process.env.NGINX_GENERATED_CONFIGS ?? 60) }, (_, i) => 1000 + i);
const tally = { pairs: 0, agree: 0 };

describe('nginx model agrees with real nginx on generated configurations', function () {
  before(function () {
    nginxBinary();
  });

  after(function () {
    console.log(`      nginx generated: ${tally.agree} of ${tally.pairs} (config, request) pairs agree, over ${SEEDS.length} configs`);
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}`, async function () {
      const generated = generateConfig(seed);
      const fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-generated-'));
      fs.writeFileSync(path.join(fixture, 'nginx.conf'), generated.text);
      for (const [name, text] of Object.entries(generated.files)) fs.writeFileSync(path.join(fixture, name), text);
      const prepared = await prepareNginx(fixture);
      fs.rmSync(fixture, { recursive: true, force: true });
      const host = createNodeFileHost();
      try {
        const config = loadNginxConfig(prepared.conf, host);
        assert.deepEqual(config.problems.map((p) => p.message), []);
        const policies: CorsPolicy[] = buildNginxPolicies(config);
        createStaticFiles(prepared.dir, policies, (f) => host.readText(f));
        const running = await startNginx(prepared);
        const disagreements: Disagreement[] = [];
        let pairs = 0;
        try {
          for (const policy of policies) {
            if (!policy.endpoint) continue;
            for (const c of matrixFor(policy, [], (f) => host.readText(f))) {
              const upstream = upstreamFromConfig(policies, (f) => host.readText(f), prepared.dir, c.uri);
              const d = await runCase(policy, c, policy.endpoint.ports[0], 'localhost', (req) => predict(policy, req, { upstream }), prepared.dir);
              pairs++;
              if (d) disagreements.push(d);
            }
          }
        } finally {
          await running.stop();
        }
        tally.pairs += pairs;
        tally.agree += pairs - disagreements.length;
        assert.ok(pairs > 0);
        assert.deepEqual(disagreements, [], `seed ${seed}: ${disagreements.length} of ${pairs} disagree\n${generated.text}`);
      } finally {
        removePrepared(prepared);
      }
    });
  }
});
