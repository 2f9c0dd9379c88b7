import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from '@vscode/tree-sitter-wasm';

/** The languages whose server code we read. */
export type CodeLanguage = 'javascript' | 'typescript' | 'tsx' | 'python' | 'java' | 'csharp' | 'go' | 'ruby' | 'php';

const grammarFile: Record<CodeLanguage, string> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  java: 'tree-sitter-java.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  go: 'tree-sitter-go.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  php: 'tree-sitter-php.wasm',
};

const extensions: Record<string, CodeLanguage> = {
  '.js': 'javascript', '.cjs': 'javascript', '.mjs': 'javascript', '.jsx': 'tsx',
  '.ts': 'typescript', '.cts': 'typescript', '.mts': 'typescript', '.tsx': 'tsx',
  '.py': 'python', '.java': 'java', '.cs': 'csharp', '.go': 'go', '.rb': 'ruby', '.ru': 'ruby', '.php': 'php',
};

export function languageForPath(file: string): CodeLanguage | undefined {
  return extensions[path.extname(file).toLowerCase()];
}

/**
 * The wasm files sit in the npm package during development and tests, and beside
 * the bundle (`dist/wasm`) in the packaged extension, where node_modules is absent.
 */
function wasmDir(): string {
  const bundled = path.join(__dirname, 'wasm');
  if (fs.existsSync(path.join(bundled, 'tree-sitter.wasm'))) return bundled;
  return path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
}

let ready: Promise<void> | undefined;
const languages = new Map<CodeLanguage, Language>();
const parsers = new Map<CodeLanguage, Parser>();

/** Loads the runtime and every grammar once; parsing is synchronous afterwards. */
export function initTreeSitter(): Promise<void> {
  ready ??= (async () => {
    const dir = wasmDir();
    await Parser.init({ locateFile: (file: string) => path.join(dir, file) });
    for (const [lang, file] of Object.entries(grammarFile) as [CodeLanguage, string][]) {
      languages.set(lang, await Language.load(fs.readFileSync(path.join(dir, file))));
    }
  })();
  return ready;
}

export function isTreeSitterReady(): boolean {
  return languages.size === Object.keys(grammarFile).length;
}

/** Parses with the grammar of `lang`; `initTreeSitter()` must have completed. */
export function parseCode(text: string, lang: CodeLanguage): Tree {
  let parser = parsers.get(lang);
  if (!parser) {
    const language = languages.get(lang);
    if (!language) throw new Error('code parsers are not initialised: await initTreeSitter() first');
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(lang, parser);
  }
  const tree = parser.parse(text);
  if (!tree) throw new Error(`the ${lang} parser gave no tree`);
  return tree;
}
