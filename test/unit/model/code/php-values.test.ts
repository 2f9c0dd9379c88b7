import * as assert from 'node:assert/strict';
import { initTreeSitter, parseCode } from '../../../../server/src/parsers/code/tree-sitter';
import type { CodeFile } from '../../../../server/src/model/code/code-project';
import { phpCondition } from '../../../../server/src/model/code/php/origin-checks';
import { envOf, PhpEvaluator } from '../../../../server/src/model/code/php/values';
import { matchOrigin } from '../../../../server/src/origin/match-origin';

function php(text: string): CodeFile {
  const source = `<?php\n${text}\n`;
  return { path: '/virtual/index.php', text: source, lang: 'php', tree: parseCode(source, 'php') };
}

function lastExpression(file: CodeFile) {
  const root = file.tree.rootNode;
  const stmt = root.namedChild(root.namedChildCount - 1)!;
  return stmt.type === 'expression_statement' ? stmt.namedChild(0)! : stmt;
}

function value(text: string) {
  const file = php(text);
  return new PhpEvaluator(file).evaluate(lastExpression(file));
}

/** Which origins the condition (the last expression, `$o` being the Origin) admits. */
function admits(text: string, origins: string[]): string[] {
  const file = php(text);
  const m = phpCondition({ evaluator: new PhpEvaluator(file), isOrigin: (n) => n.type === 'variable_name' && n.text === '$o' }, lastExpression(file));
  return origins.filter((o) => matchOrigin(m, o) === true);
}

describe('PHP value tracking and origin checks', () => {
  before(initTreeSitter);

  it('arrays, keys, const, define, variables, concatenation, explode and array_map(trim)', () => {
    const list = value("const A = ['x', 'y'];\n$b = [...A, 'z'];\n$b;");
    assert.ok(list.kind === 'array' && list.items.map((i) => (i as { value: string }).value).join() === 'x,y,z');
    const keyed = value("$m = ['k' => 'v'];\n$m['k'];");
    assert.ok(keyed.kind === 'string' && keyed.value === 'v');
    const d = value("define('HOST', 'example.com');\n'https://' . HOST;");
    assert.ok(d.kind === 'string' && d.value === 'https://example.com');
    const e = value("array_map('trim', explode(',', 'a, b'));");
    assert.ok(e.kind === 'array' && e.items.map((i) => (i as { value: string }).value).join() === 'a,b');
  });

  it("getenv('X') ?: default, $_ENV['X'] ?? default, env('X', default): the default, marked", () => {
    for (const text of ["getenv('X') ?: 'https://a.com';", "$_ENV['X'] ?? 'https://a.com';", "env('X', 'https://a.com');"]) {
      const v = value(text);
      assert.ok(v.kind === 'string' && v.value === 'https://a.com', text);
      assert.deepEqual(envOf(v).map((x) => x.name), ['X'], text);
    }
  });

  it('checks: in_array, ===, str_ends_with, str_starts_with, str_contains, strpos, isset on a map, preg_match', () => {
    const all = ['https://a.example.com', 'https://evilexample.com', 'http://a.example.com', 'https://a.example.com.evil.net'];
    assert.deepEqual(admits("in_array($o, ['https://a.example.com'], true);", all), ['https://a.example.com']);
    assert.deepEqual(admits("$o === 'https://a.example.com' || $o == 'http://a.example.com';", all), ['https://a.example.com', 'http://a.example.com']);
    assert.deepEqual(admits("str_ends_with($o, 'example.com');", all), ['https://a.example.com', 'https://evilexample.com', 'http://a.example.com']);
    assert.deepEqual(admits("str_starts_with($o, 'https://a.example.com');", all), ['https://a.example.com', 'https://a.example.com.evil.net']);
    assert.deepEqual(admits("str_contains($o, 'evil');", all), ['https://evilexample.com', 'https://a.example.com.evil.net']);
    assert.deepEqual(admits("strpos($o, 'https://') === 0 && strpos($o, 'evil') === false;", all), ['https://a.example.com']);
    assert.deepEqual(admits("$map = ['https://a.example.com' => 1];\nisset($map[$o]);", all), ['https://a.example.com']);
    assert.deepEqual(admits("preg_match('/^https:\\/\\/[a-z.]+\\.example\\.com$/', $o);", all), ['https://a.example.com']);
    assert.deepEqual(admits("!preg_match('~evil~i', $o);", all), ['https://a.example.com', 'http://a.example.com']);
  });
});
