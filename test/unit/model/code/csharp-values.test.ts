import * as assert from 'node:assert/strict';
import type { Node } from '@vscode/tree-sitter-wasm';
import { CsValues, type CsValue } from '../../../../server/src/model/code/csharp/values';
import { initTreeSitter, parseCode } from '../../../../server/src/parsers/code/tree-sitter';

/** The value the identifier `PROBE` evaluates to in a C# file. */
function valueOf(text: string): { value: CsValue; values: CsValues } {
  const source = `${text}\nvar probe = PROBE;\n`;
  const file = { path: '/t/Program.cs', text: source, lang: 'csharp' as const, tree: parseCode(source, 'csharp') };
  const values = new CsValues(file);
  const stack: Node[] = [file.tree.rootNode];
  let last: Node | undefined;
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' && n.text === 'PROBE') last = n;
    for (let i = 0; i < n.namedChildCount; i++) stack.push(n.namedChild(i)!);
  }
  if (!last) throw new Error('no PROBE');
  return { value: values.evaluate(last), values };
}

const plain = (v: CsValue): unknown => (v.kind === 'list' ? v.items.map(plain) : v.kind === 'unknown' ? '?' : v.value);

describe('C# value tracking', () => {
  before(async () => initTreeSitter());

  it('const and static readonly fields, verbatim strings, concatenation', () => {
    assert.equal(plain(valueOf('class C { public const string PROBE = "https://" + Host; const string Host = "a.example.com"; }').value), 'https://a.example.com');
    assert.equal(plain(valueOf('class C { static readonly string PROBE = @"^https://a\\.com$"; }').value), '^https://a\\.com$');
  });

  it('arrays: new[] { }, new string[] { }, collection expressions', () => {
    assert.deepEqual(plain(valueOf('var PROBE = new[] { "a", "b" };').value), ['a', 'b']);
    assert.deepEqual(plain(valueOf('string[] PROBE = new string[] { "a" };').value), ['a']);
    assert.deepEqual(plain(valueOf('string[] PROBE = ["a", "b"];').value), ['a', 'b']);
  });

  it('configuration and environment reads take the default after ?? and note the environment', () => {
    const conf = valueOf('var PROBE = builder.Configuration["Cors:Origin"] ?? "https://app.example.com";');
    assert.equal(plain(conf.value), 'https://app.example.com');
    assert.equal(conf.values.notes[0]?.kind, 'depends-on-environment');
    assert.equal(plain(valueOf('var PROBE = Environment.GetEnvironmentVariable("ORIGIN") ?? "https://e.example.com";').value), 'https://e.example.com');
    assert.equal(valueOf('var PROBE = Environment.GetEnvironmentVariable("ORIGIN");').value.kind, 'unknown');
  });

  it('split origins and names it cannot follow', () => {
    assert.deepEqual(plain(valueOf('const string S = "https://a.com, https://b.com"; var PROBE = S.Split(\',\');').value), ['https://a.com', 'https://b.com']);
    assert.equal(valueOf('var PROBE = Load();').value.kind, 'unknown');
  });
});
