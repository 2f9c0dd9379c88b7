import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles } from '../../../server/src/engine/analyze';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { UnitMemo } from '../../../server/src/engine/unit-memo';
import { preflightTarget, type PreflightTarget } from '../../../server/src/lsp/preflight-lens';
import { parseNginx } from '../../../server/src/parsers/nginx/parser';
import { seededRandom } from '../../support/seeded-random';
import { removeTree, tempTree } from './support/temp-tree';

/**
 * The editor's memo of server blocks must never change an answer: after any
 * edit, the findings (with their fixes and related places) and the code lens
 * targets of a run that reused units equal those of a run from scratch.
 */

const TRUSTED = ['https://app.example.com'];

function newMemo(): UnitMemo<PreflightTarget> {
  return new UnitMemo<PreflightTarget>((policy, places) => preflightTarget(policy, TRUSTED, places));
}

function analyse(file: string, text: string, memo?: UnitMemo<PreflightTarget>) {
  const host = createNodeFileHost({ overlay: new Map([[file, text]]) });
  const result = analyzeFiles([file], { host, root: path.dirname(file), trustedOrigins: TRUSTED, memo: memo as UnitMemo<unknown> | undefined });
  return { findings: JSON.stringify(result.findings), targets: JSON.stringify(result.derived) };
}

type Edit = (text: string, at: number) => string;

function lineAround(text: string, at: number): [number, number] {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  return [start, nl < 0 ? text.length : nl + 1];
}

/** What typing does to a config: blanks, line breaks, letters, comments, and whole lines copied or removed. */
const EDITS: Edit[] = [
  (t, at) => `${t.slice(0, at)} ${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}\n${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}\r${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}\r\n${t.slice(at)}`,
  (t, at) => t.slice(0, at) + t.slice(at + 1),
  (t, at) => `${t.slice(0, at)}x${t.slice(at)}`,
  (t, at) => {
    const [, end] = lineAround(t, at);
    const cut = t[end - 1] === '\n' ? end - 1 : end;
    return `${t.slice(0, cut)} # note $cors_allow_origin${t.slice(cut)}`;
  },
  (t, at) => {
    const [start, end] = lineAround(t, at);
    return t.slice(0, end) + t.slice(start, end) + t.slice(end);
  },
  (t, at) => {
    const [start, end] = lineAround(t, at);
    return t.slice(0, start) + t.slice(end);
  },
  (t, at) => {
    const [start] = lineAround(t, at);
    return `${t.slice(0, start)}\t${t.slice(start)}`;
  },
  (t) => t.replace(' always;', ';'),
];

/** Runs `steps` random edits, comparing the memo's answers with fresh ones after each; returns how many units were reused. */
function fuzz(file: string, initial: string, seed: number, steps: number): number {
  const next = seededRandom(seed);
  const memo = newMemo();
  let text = initial;
  let good = initial;
  let reused = 0;
  analyse(file, text, memo);
  for (let step = 0; step < steps; step++) {
    // A text that no longer parses is undone before the next edit, as a user would: the memo then meets an older text again.
    if (parseNginx(text, file).errors.length > 0) text = good;
    else good = text;
    const edit = EDITS[Math.floor(next() * EDITS.length)];
    text = edit(text, Math.floor(next() * (text.length + 1)));
    const kept = analyse(file, text, memo);
    reused += memo.lastRun.reused;
    const fresh = analyse(file, text, newMemo());
    const where = `${path.basename(file)}, seed ${seed}, step ${step}`;
    assert.equal(kept.findings, fresh.findings, `findings differ after an edit (${where})`);
    assert.equal(kept.targets, fresh.targets, `code lens targets differ after an edit (${where})`);
    assert.equal(kept.findings, analyse(file, text).findings, `findings differ from a run without memo (${where})`);
  }
  return reused;
}

/** Servers sharing an http level that itself sends headers, an origin map, `set` names and an allowlist fix. */
function sharedContext(crlf: boolean): string {
  const lines = [
    'worker_processes 1;',
    'events { worker_connections 64; }',
    'http {',
    '    map $http_origin $cors_origin {',
    '        default "";',
    '        ~^https://.*\\.example\\.com$ $http_origin;',
    '    }',
    '    add_header Access-Control-Allow-Origin $http_origin;',
    '    add_header Access-Control-Allow-Credentials true;',
  ];
  for (let i = 0; i < 6; i++) {
    lines.push(
      '    # the service of team ' + i,
      '    server {',
      `        listen 127.0.0.1:${8000 + i};`,
      `        server_name s${i}.example.com;`,
      i % 2 === 0 ? '        add_header Access-Control-Allow-Origin $http_origin always;' : '        set $team ' + i + ';',
      i % 3 === 0 ? '        add_header Access-Control-Allow-Origin $cors_origin;' : '        add_header Vary Origin;',
      '        location /api/ {',
      i % 2 === 1 ? '            proxy_pass http://127.0.0.1:9000;' : '            add_header X-Team "t";',
      '            if ($request_method = OPTIONS) { return 204; }',
      '        }',
      '        location /static/ {',
      '            add_header Access-Control-Allow-Methods "GET, PUT" always;',
      '        }',
      '    }',
    );
  }
  lines.push('}', '');
  return lines.join(crlf ? '\r\n' : '\n');
}

/** Servers at the top of a file, as `conf.d` holds them. */
function confD(): string {
  const out: string[] = [];
  for (let i = 0; i < 5; i++) {
    out.push(
      'server {',
      `    listen ${9000 + i};`,
      `    add_header Access-Control-Allow-Origin "${i % 2 ? '*' : '$http_origin'}" always;`,
      '    add_header Access-Control-Allow-Credentials "true" always;',
      '    location / {',
      '        add_header Cache-Control "no-store";',
      '    }',
      '}',
    );
  }
  return `${out.join('\n')}\n`;
}

function nginxFixtures(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) nginxFixtures(full, out);
    else if (entry.name.endsWith('.conf') && !entry.name.includes('.fixed.')) out.push(full);
  }
  return out;
}

describe('unit memo (server blocks remembered between runs)', () => {
  let root: string;
  afterEach(() => removeTree(root));

  /** The shared-context config analysed once with a new memo; `step` analyses a new text with it and checks it against a fresh run. */
  const started = () => {
    const text = sharedContext(false);
    root = tempTree({ 'nginx.conf': text });
    const file = path.join(root, 'nginx.conf');
    const memo = newMemo();
    analyse(file, text, memo);
    const step = (next: string) => assert.deepEqual(analyse(file, next, memo), analyse(file, next, newMemo()));
    return { text, memo, step };
  };

  it('re-analyses only the server an edit touched, and none for a blank at the main level', () => {
    const { text, memo, step } = started();
    assert.deepEqual(memo.lastRun, { reused: 0, analysed: 6 });
    const inThird = text.replace('server_name s2.example.com;', 'server_name s2.example.org;');
    step(inThird);
    assert.deepEqual(memo.lastRun, { reused: 5, analysed: 1 });
    const blank = inThird.replace('worker_processes 1;', 'worker_processes 1; ');
    step(blank);
    assert.deepEqual(memo.lastRun, { reused: 6, analysed: 0 });
  });

  it('re-analyses every server when the levels around them change, or lines move above them', () => {
    const { text, memo, step } = started();
    const outer = text.replace('add_header Access-Control-Allow-Credentials true;', 'add_header Access-Control-Allow-Credentials false;');
    step(outer);
    assert.deepEqual(memo.lastRun, { reused: 0, analysed: 6 });
    const moved = `\n${outer}`;
    step(moved);
    assert.deepEqual(memo.lastRun, { reused: 0, analysed: 6 });
  });

  it('does not split a configuration with includes or syntax errors', () => {
    root = tempTree({ 'nginx.conf': 'http {\n    include cors.conf;\n    server { listen 80; }\n}\n', 'cors.conf': 'add_header Access-Control-Allow-Origin *;\n' });
    const file = path.join(root, 'nginx.conf');
    const memo = newMemo();
    analyse(file, fs.readFileSync(file, 'utf8'), memo);
    assert.deepEqual(memo.lastRun, { reused: 0, analysed: 0 });
    analyse(file, 'http {\n    server { listen 80;\n}\n', memo);
    assert.deepEqual(memo.lastRun, { reused: 0, analysed: 0 });
  });

  it('answers as a fresh run after random edits of configurations whose servers share outer headers', function () {
    this.timeout(120_000);
    let reused = 0;
    for (const [name, text] of [['shared.conf', sharedContext(false)], ['crlf.conf', sharedContext(true)], ['servers.conf', confD()]] as const) {
      root = tempTree({ [name]: text });
      for (let seed = 1; seed <= 4; seed++) reused += fuzz(path.join(root, name), text, seed, 40);
      removeTree(root);
    }
    // The comparison means something only if the memo was used.
    assert.ok(reused > 300, `only ${reused} units were reused`);
  });

  it('answers as a fresh run after random edits of every nginx fixture and example', function () {
    this.timeout(300_000);
    const repo = path.resolve(__dirname, '../../..');
    const files = [...nginxFixtures(path.join(repo, 'test/fixtures/rules')), ...nginxFixtures(path.join(repo, 'examples/nginx'))];
    assert.ok(files.length > 40, `only ${files.length} fixtures found`);
    let reused = 0;
    for (const [i, file] of files.entries()) reused += fuzz(file, fs.readFileSync(file, 'utf8'), i + 1, 10);
    // Most fixtures hold one server, which any edit inside changes: this test is for the variety of shapes, the one above for reuse.
    assert.ok(reused > 0, 'no unit was ever reused');
  });
});
