import * as v8 from 'node:v8';

/**
 * Keeps the tree-sitter grammars in V8's baseline WebAssembly tier.
 *
 * Tiering a grammar's lexer and parse loop up to the optimising compiler runs
 * on background threads whose scratch memory stays in their malloc arenas:
 * on the examples workspace (every language) that is ~40 MB of resident memory
 * for the rest of the server's life. A language server parses one edited file
 * at a time, where the baseline code is fast enough (a 12 KB TypeScript file:
 * ~9 ms instead of ~3 ms); the CLI, which parses thousands of files at once,
 * keeps the default. Must run before the first grammar is compiled: the
 * budget is read when a module is instantiated.
 */
export function keepWasmInBaselineTier(): void {
  // The budget is how much a function runs before it is optimised; this one outlasts a long session of edits.
  v8.setFlagsFromString('--wasm-tiering-budget=2000000000');
}
