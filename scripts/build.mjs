// Bundles the client, the language server and the CLI with esbuild.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

// The grammar folder is only looked up (never bundled): the build copies it to dist/wasm.
const common = { external: ['@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode', '@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
];
for (const entry of entries) {
  if (!existsSync(entry.entryPoints[0])) continue;
  await build({ ...common, ...entry });
}

// The code parsers load their grammars at run time; the packaged extension has no node_modules.
mkdirSync('dist/wasm', { recursive: true });
cpSync('node_modules/@vscode/tree-sitter-wasm/wasm', 'dist/wasm', {
  recursive: true,
  filter: (src) => !src.endsWith('.d.ts') && !/(bash|cpp|css|ini|powershell|rust)\.wasm$/.test(src),
});
