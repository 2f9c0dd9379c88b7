import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SERVER_SRC = path.resolve(__dirname, '../../../server/src');

/** The faces of the engine; everything else under server/src is the engine itself. */
const FACES = new Set(['lsp', 'cli']);

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Module names in `import ... from 'x'`, `import 'x'`, `require('x')` and `import('x')`. */
function importedModules(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) found.push(m[1]);
  return found;
}

describe('engine layering', () => {
  const engineFiles = fs
    .readdirSync(SERVER_SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !FACES.has(entry.name))
    .flatMap((entry) => tsFiles(path.join(SERVER_SRC, entry.name)));

  it('finds the engine modules', () => {
    assert.ok(engineFiles.length > 50, `only ${engineFiles.length} files found under ${SERVER_SRC}`);
  });

  it('keeps the engine free of the editor: the CLI and the server are two faces on one core', () => {
    const offenders = engineFiles.flatMap((file) =>
      importedModules(fs.readFileSync(file, 'utf8'))
        .filter((mod) => mod === 'vscode' || mod.startsWith('vscode-languageserver') || mod.startsWith('vscode-languageclient') || /(^|\/)(lsp|cli)\//.test(mod))
        .map((mod) => `${path.relative(SERVER_SRC, file)} imports ${mod}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('sees an import of the editor where there is one', () => {
    assert.deepEqual(importedModules("import { x } from 'vscode-languageserver/node';\nconst y = require('../lsp/uri');"), ['vscode-languageserver/node', '../lsp/uri']);
  });
});
