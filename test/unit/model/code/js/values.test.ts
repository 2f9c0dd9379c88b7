import * as assert from 'node:assert/strict';
import { acao, analyse, onlyPolicy, ready } from './support';

const EXPRESS = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n";

describe('JS value tracking', () => {
  before(ready);

  it('follows an options object built in one place and passed in another, with spreads', () => {
    const policy = onlyPolicy(analyse({
      'app.js': `${EXPRESS}const base = { origin: 'https://a.example.com' };\nconst opts = { ...base, credentials: true };\napp.use(cors(opts));\n`,
    }));
    assert.equal(acao(policy, 'https://evil.example'), 'https://a.example.com');
  });

  it('reads values imported from sibling modules (CommonJS and ESM, named and default)', () => {
    const files = {
      'app.ts': "import express from 'express';\nimport cors from 'cors';\nimport origins, { extra } from './origins';\nconst app = express();\napp.use(cors({ origin: [...origins, extra] }));\n",
      'origins.ts': "export const extra = 'https://b.example.com';\nexport default ['https://a.example.com'];\n",
    };
    const policy = onlyPolicy(analyse(files));
    assert.equal(acao(policy, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(policy, 'https://b.example.com'), 'https://b.example.com');
    assert.equal(acao(policy, 'https://c.example.com'), undefined);
    const cjs = onlyPolicy(analyse({
      'app.js': `${EXPRESS}const { list } = require('./cfg');\napp.use(cors({ origin: list }));\n`,
      'cfg.js': "module.exports = { list: ['https://a.example.com'] };\n",
    }));
    assert.equal(acao(cjs, 'https://a.example.com'), 'https://a.example.com');
  });

  it('takes the default of process.env.X || ... and ?? ..., and says the environment may change it', () => {
    for (const op of ['||', '??']) {
      const policy = onlyPolicy(analyse({ 'app.js': `${EXPRESS}app.use(cors({ origin: process.env.FRONT ${op} 'https://a.example.com' }));\n` }));
      assert.equal(acao(policy, 'https://x.example'), 'https://a.example.com');
      assert.deepEqual(policy.notes?.map((n) => n.kind), ['depends-on-environment']);
      assert.match(policy.notes![0].message, /FRONT/);
    }
  });

  it('splits a comma-separated default into a list', () => {
    const policy = onlyPolicy(analyse({ 'app.js': `${EXPRESS}const list = (process.env.ORIGINS || 'https://a.example.com,https://b.example.com').split(',').map((s) => s.trim());\napp.use(cors({ origin: list }));\n` }));
    assert.equal(acao(policy, 'https://b.example.com'), 'https://b.example.com');
    assert.equal(acao(policy, 'https://example.com'), undefined);
  });

  it('terminates on cyclic imports and on names defined in terms of themselves', () => {
    const result = analyse({
      'app.js': `${EXPRESS}const { list } = require('./a');\napp.use(cors({ origin: list }));\n`,
      'a.js': "const b = require('./b');\nexports.list = b.list;\n",
      'b.js': "const a = require('./a');\nexports.list = a.list;\n",
    });
    const policy = onlyPolicy(result);
    assert.match(acao(policy, 'https://a.example.com') ?? '', /^\?/);
    const self = onlyPolicy(analyse({ 'app.js': `${EXPRESS}const o = o;\napp.use(cors({ origin: o }));\n` }));
    assert.match(acao(self, 'https://a.example.com') ?? '', /^\?/);
  });
});

describe('JS origin callbacks', () => {
  before(ready);
  const withCallback = (body: string, prelude = '') => onlyPolicy(analyse({ 'app.js': `${EXPRESS}${prelude}app.use(cors({ origin: ${body} }));\n` }));

  it('an array includes is exact membership, a string includes a substring check', () => {
    const list = withCallback('(origin, cb) => cb(null, allowed.includes(origin))', "const allowed = ['https://a.example.com'];\n");
    assert.equal(acao(list, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(list, 'https://a.example.co'), undefined);
    const str = withCallback('(origin, cb) => cb(null, origin.includes(allowed))', "const allowed = 'a.example.com';\n");
    assert.equal(acao(str, 'https://a.example.com.evil.net'), 'https://a.example.com.evil.net');
  });

  it('reads Set membership, ===, endsWith, startsWith, indexOf and regex test/match', () => {
    const cases: [string, string, string, string][] = [
      ["(o, cb) => cb(null, s.has(o))", "const s = new Set(['https://a.example.com']);\n", 'https://a.example.com', 'https://b.example.com'],
      ["(o, cb) => { if (o === 'https://a.example.com') return cb(null, true); cb(null, false); }", '', 'https://a.example.com', 'https://b.example.com'],
      ["(o, cb) => cb(null, o.endsWith('.example.com'))", '', 'https://b.example.com', 'https://example.org'],
      ["(o, cb) => cb(null, o.startsWith('https://a.'))", '', 'https://a.evil.net', 'https://b.example.com'],
      ["(o, cb) => cb(null, list.indexOf(o) !== -1)", "const list = ['https://a.example.com'];\n", 'https://a.example.com', 'https://b.example.com'],
      ["(o, cb) => cb(null, /^https:\\/\\/a\\.example\\.com$/.test(o))", '', 'https://a.example.com', 'https://aXexample.com'],
      ["(o, cb) => cb(null, !!o.match(/example\\.com$/))", '', 'https://evilexample.com', 'https://example.org'],
    ];
    for (const [fn, prelude, yes, no] of cases) {
      const policy = withCallback(fn, prelude);
      assert.equal(acao(policy, yes), yes, fn);
      assert.equal(acao(policy, no), undefined, fn);
    }
  });

  it('an always-allowing callback echoes any origin and is noted', () => {
    const policy = withCallback('function (origin, callback) { callback(null, true); }');
    assert.equal(acao(policy, 'https://evil.example'), 'https://evil.example');
    assert.ok(policy.notes?.some((n) => n.kind === 'echoes-for-any-origin'));
  });

  it('a /g regex in the options is only sometimes true: the model says it cannot decide', () => {
    const policy = onlyPolicy(analyse({ 'app.js': `${EXPRESS}app.use(cors({ origin: /\\.example\\.com$/g }));\n` }));
    assert.match(acao(policy, 'https://a.example.com') ?? '', /^\?/);
    assert.equal(acao(policy, 'https://example.org'), undefined);
  });

  it('a callback that never calls back leaves the status unknown (the request hangs)', () => {
    const policy = withCallback('(origin) => allowed.includes(origin)', "const allowed = ['https://a.example.com'];\n");
    const branch = policy.branches.find((b) => b.status.kind === 'unknown');
    assert.ok(branch, 'no branch with an unknown status');
  });
});
