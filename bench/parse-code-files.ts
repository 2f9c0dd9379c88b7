// Parses every JS/TS file under a folder with the same parser the analysis uses, and nothing else: the reference of the code benchmark.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initTreeSitter, languageForPath, parseCode } from '../server/src/parsers/code/tree-sitter';

function walk(dir: string, out: string[]): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (languageForPath(full)) out.push(full);
  }
  return out;
}

void (async () => {
  await initTreeSitter();
  let nodes = 0;
  for (const file of walk(process.argv[2], [])) {
    const tree = parseCode(fs.readFileSync(file, 'utf8'), languageForPath(file)!);
    nodes += tree.rootNode.descendantCount;
    tree.delete();
  }
  process.stdout.write(`${nodes}\n`);
})();
