import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/rules/index';
import { RESERVED_IDS } from '../../server/src/engine/run-analysis';
import { ensurePackage, REPO } from './helpers/build';
import { zipEntries } from './helpers/zip-entries';

const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/(LICENSE|license)(\.txt|\.md)?$/,
  /^extension\/dist\/(client|server)\.js$/,
  // The preflight tester's page.
  /^extension\/dist\/preflight\/(view\.js|panel\.css|codicon\.css|codicon\.ttf)$/,
  /^extension\/dist\/wasm\/[a-z-]+\.wasm$/,
  /^extension\/syntaxes\/(nginx|apache)\.tmLanguage\.json$/,
  /^extension\/language-configuration-(nginx|apache)\.json$/,
  // One page per rule, and the index of rules.
  /^extension\/docs\/rules\/([a-z0-9-]+|README)\.md$/,
  /^extension\/docs\/images\/icon\.png$/,
];

describe('the packaged extension', function () {
  this.timeout(10 * 60 * 1000);
  let entries: string[];
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

  before(() => {
    entries = zipEntries(ensurePackage());
  });

  it('holds the bundles, grammars, language configurations, docs and nothing else', () => {
    const stray = entries.filter((e) => !ALLOWED.some((re) => re.test(e)));
    assert.deepEqual(stray, []);
    for (const needed of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/wasm/tree-sitter.wasm', 'extension/readme.md', 'extension/docs/images/icon.png']) {
      assert.ok(entries.includes(needed), `${needed} is packaged`);
    }
    for (const rule of allRules) assert.ok(entries.includes(`extension/docs/rules/${rule.meta.id}.md`), `docs of ${rule.meta.id}`);
  });

  it('packages every file the manifest points at', () => {
    const referenced = [
      manifest.main,
      manifest.icon,
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ];
    for (const ref of referenced) assert.ok(entries.includes(`extension/${path.posix.normalize(ref)}`), `${ref} is packaged`);
  });

  it('declares a setting per rule, commands the client registers, and activates only where it serves', () => {
    const ruleSettings = Object.keys(manifest.contributes.configuration.properties['corsPreflight.rules'].properties).sort();
    assert.deepEqual(ruleSettings, [...allRules.map((r) => r.meta.id), ...RESERVED_IDS].sort());
    for (const [key, schema] of Object.entries<{ description?: string; markdownDescription?: string }>(manifest.contributes.configuration.properties)) {
      assert.ok(schema.description || schema.markdownDescription, `${key} has a description`);
    }
    const clientSource = fs.readdirSync(path.join(REPO, 'client', 'src'), { recursive: true })
      .filter((f) => String(f).endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(REPO, 'client', 'src', String(f)), 'utf8'))
      .join('\n');
    for (const { command } of manifest.contributes.commands) assert.ok(clientSource.includes(`registerCommand('${command}'`), `${command} is registered`);
    assert.ok(!manifest.activationEvents.includes('*'));
    const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    assert.ok(manifest.activationEvents.every((e: string) => /^(onLanguage|workspaceContains):/.test(e) || (e.startsWith('onCommand:') && commands.has(e.slice('onCommand:'.length))) || e === 'onWebviewPanel:corsPreflight.tester'), manifest.activationEvents.join());
  });
});
