// Bundles the client, the language server and the CLI with esbuild.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

// The grammar folder is only looked up (never bundled): the build copies it to dist/wasm.
const common = { plugins: [builtinImports()], external: ['@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode', '@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The preflight tester's page runs in a webview: a browser script, not Node.
  { entryPoints: ['client/src/preflight/view/main.ts'], outfile: 'dist/preflight/view.js', platform: 'browser', format: 'iife', target: 'es2022' },
];
for (const entry of entries) {
  if (!existsSync(entry.entryPoints[0])) continue;
  await build({ ...common, ...entry });
  if (readFileSync(entry.outfile, 'utf8').includes('import(')) throw new Error(`${entry.outfile} still has a dynamic import(): see builtinImports()`);
  // Code caches of the previous bundle (bin/load-bundle.js) would never be read again.
  rmSync(`${entry.outfile}.cache`, { recursive: true, force: true });
}

cpSync('client/src/preflight/view/panel.css', 'dist/preflight/panel.css');
// Codicons are served from the extension itself: the page may load nothing remote.
for (const file of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/preflight/${file}`);

// The code parsers load their grammars at run time; the packaged extension has no node_modules.
mkdirSync('dist/wasm', { recursive: true });
cpSync('node_modules/@vscode/tree-sitter-wasm/wasm', 'dist/wasm', {
  recursive: true,
  filter: (src) => !src.endsWith('.d.ts') && !/(bash|cpp|css|ini|powershell|rust)\.wasm$/.test(src),
});

/**
 * bin/load-bundle.js runs the CLI from V8's code cache, and a function read
 * from that cache has lost its dynamic-import callback. The only `import()`s
 * are of Node built-ins in the tree-sitter loader, where a local `var require`
 * shadows the real one; they become the built-ins themselves, required once
 * at the top of that file.
 */
function builtinImports() {
  return {
    name: 'builtin-imports',
    setup(b) {
      b.onLoad({ filter: /tree-sitter-wasm[\\/]wasm[\\/]tree-sitter\.js$/ }, ({ path }) => {
        const names = new Map();
        const text = readFileSync(path, 'utf8').replace(/\bimport\("([a-z/]+)"\)/g, (_, name) => {
          if (!names.has(name)) names.set(name, `__builtin${names.size}`);
          return `Promise.resolve(${names.get(name)})`;
        });
        const head = [...names].map(([name, id]) => `const ${id} = require(${JSON.stringify(name)});`).join(' ');
        return { contents: `${head}\n${text}`, loader: 'js' };
      });
    },
  };
}
