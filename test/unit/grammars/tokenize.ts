import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

/** Grammar tests tokenise with VS Code's own TextMate engine (vscode-textmate) and regex library (vscode-oniguruma). */

const root = path.join(__dirname, '..', '..', '..');
let registry: textmate.Registry | undefined;

async function getRegistry(): Promise<textmate.Registry> {
  if (registry) return registry;
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = { 'source.nginx': 'syntaxes/nginx.tmLanguage.json', 'source.apacheconf': 'syntaxes/apache.tmLanguage.json' };
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      const file = files[scope];
      if (!file) return null;
      const full = path.join(root, file);
      return textmate.parseRawGrammar(fs.readFileSync(full, 'utf8'), full);
    },
  });
  return registry;
}

export interface Token {
  text: string;
  scopes: string[];
}

/** Tokenises a document line by line, carrying the rule stack as VS Code does. */
export async function tokenize(scope: string, text: string): Promise<Token[][]> {
  const grammar = await (await getRegistry()).loadGrammar(scope);
  if (!grammar) throw new Error(`no grammar for ${scope}`);
  let stack = textmate.INITIAL;
  const lines: Token[][] = [];
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, stack);
    lines.push(result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    stack = result.ruleStack;
  }
  return lines;
}

/** The scopes of the token that holds `needle` on a line (the first token starting at its first occurrence). */
export function scopesOf(line: Token[], needle: string): string[] {
  const text = line.map((t) => t.text).join('');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not on the line "${text}"`);
  let offset = 0;
  for (const token of line) {
    if (offset <= at && at < offset + token.text.length) return token.scopes;
    offset += token.text.length;
  }
  throw new Error('unreachable');
}

/** Fails unless the token holding `needle` carries `scope`. */
export function hasScope(line: Token[], needle: string, scope: string): void {
  const scopes = scopesOf(line, needle);
  if (!scopes.includes(scope)) throw new Error(`"${needle}" has scopes ${scopes.join(' ')}, not ${scope}`);
}
