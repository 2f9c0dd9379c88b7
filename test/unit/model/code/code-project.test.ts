import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { CodeProject } from '../../../../server/src/model/code/code-project';
import { initTreeSitter } from '../../../../server/src/parsers/code/tree-sitter';

describe('code project', () => {
  let dir: string;
  before(() => initTreeSitter());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-project-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses a file once, and again only after its trees were released', () => {
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(file, "app.use(cors({ origin: 'https://app.example.com' }));\n");
    const project = new CodeProject(createNodeFileHost());
    const first = project.file(file)!;
    assert.equal(project.file(file), first, 'cached');
    project.release();
    const again = project.file(file)!;
    assert.notEqual(again, first, 'parsed anew');
    assert.equal(again.tree.rootNode.type, 'program');
    assert.match(again.tree.rootNode.text, /cors\(/);
  });
});
