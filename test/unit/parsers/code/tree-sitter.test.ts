import * as assert from 'node:assert/strict';
import { initTreeSitter, languageForPath, parseCode } from '../../../../server/src/parsers/code/tree-sitter';

describe('tree-sitter code parsing', () => {
  before(() => initTreeSitter());

  it('parses every supported language', () => {
    const samples: [string, string][] = [
      ['app.js', "app.use(cors({ origin: true, credentials: true }));"],
      ['app.ts', "const o: string[] = ['https://a.example.com'];"],
      ['view.tsx', 'const x = <div>{origin}</div>;'],
      ['app.py', "CORS(app, supports_credentials=True)"],
      ['A.java', 'class A { @CrossOrigin(origins = "*") void f() {} }'],
      ['P.cs', 'builder.Services.AddCors(o => o.AddPolicy("p", b => b.AllowAnyOrigin()));'],
      ['main.go', 'package main\nfunc f() { c := cors.AllowAll(); _ = c }'],
      ['cors.rb', "allow do\n  origins '*'\nend"],
      ['cors.php', "<?php header('Access-Control-Allow-Origin: *');"],
    ];
    for (const [file, text] of samples) {
      const lang = languageForPath(file);
      assert.ok(lang, file);
      const tree = parseCode(text, lang);
      assert.equal(tree.rootNode.hasError, false, `${file}: ${tree.rootNode.toString()}`);
    }
  });

  it('keeps errors local in broken code', () => {
    const tree = parseCode('app.use(cors({ origin: true, ', 'javascript');
    assert.equal(tree.rootNode.hasError, true);
  });
});
