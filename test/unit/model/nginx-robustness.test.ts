import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { buildNginxPolicies } from '../../../server/src/model/nginx/build-policies';
import { predict } from '../../../server/src/model/predict';
import { loadNginxConfig } from '../../../server/src/parsers/nginx/loader';

function model(text: string) {
  const config = loadNginxConfig('/b/nginx.conf', createNodeFileHost({ overlay: new Map([['/b/nginx.conf', text]]) }));
  return { config, policies: buildNginxPolicies(config) };
}

const FIXTURES = path.resolve(__dirname, '../../fixtures/oracle/nginx');

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(text: string, rand: () => number): string {
  const tokens = text.split(/(\s+)/);
  for (let n = 0; n < 3; n++) {
    const i = Math.floor(rand() * tokens.length);
    const op = rand();
    if (op < 0.3) tokens.splice(i, 1);
    else if (op < 0.6) tokens.splice(i, 0, tokens[Math.floor(rand() * tokens.length)]);
    else if (op < 0.8) tokens[i] = ['{', '}', ';', '"', '(', ')', '$', 'if', 'return', 'map', 'location', 'add_header'][Math.floor(rand() * 12)];
    else tokens[i] = tokens[i].slice(0, Math.floor(rand() * tokens[i].length));
  }
  return tokens.join('');
}

describe('nginx model: damaged configurations', function () {
  it('never throws on mutated real configurations, and predicts for each path', function () {
    const rand = prng(20261122);
    const texts = fs.readdirSync(FIXTURES).map((n) => fs.readFileSync(path.join(FIXTURES, n, 'nginx.conf'), 'utf8'));
    let damaged = 0;
    for (let k = 0; k < 400; k++) {
      const text = mutate(texts[k % texts.length], rand);
      let result;
      try {
        result = model(text);
      } catch (err) {
        throw new Error(`model threw on mutation ${k}: ${(err as Error).stack}\n---\n${text}`);
      }
      if (result.config.problems.length) damaged++;
      for (const p of result.policies) {
        for (const method of ['GET', 'OPTIONS']) predict(p, { method, origin: 'https://app.example.com', staticFileExists: true });
      }
    }
    assert.ok(damaged > 50, `only ${damaged} mutations were syntax errors: the check would prove little`);
  });

  it('models what it can of a configuration with syntax errors', function () {
    const text = 'events {}\nhttp { server { listen 80; location /a/ { add_header Access-Control-Allow-Origin *; if ( { return 204; } map { } location { } add_header; }\n';
    const { config, policies } = model(text);
    assert.ok(config.problems.some((p) => p.kind === 'syntax'), 'the missing braces are reported');
    assert.deepEqual(policies.map((p) => p.label), ['server 80 › location /a/']);
  });
});
