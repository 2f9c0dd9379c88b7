import * as assert from 'node:assert/strict';
import type { Node } from '@vscode/tree-sitter-wasm';
import { JavaValues, type JavaValue } from '../../../../server/src/model/code/java/values';
import { initTreeSitter, parseCode } from '../../../../server/src/parsers/code/tree-sitter';

/** The value of the initialiser of `probe` in a class body. */
function valueOf(body: string): { value: JavaValue; values: JavaValues } {
  const text = `class T {\n${body}\n  Object probe() { Object probe = PROBE; return probe; }\n}\n`;
  const file = { path: '/t/T.java', text, lang: 'java' as const, tree: parseCode(text, 'java') };
  const values = new JavaValues(file);
  const stack: Node[] = [file.tree.rootNode];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' && n.text === 'PROBE') return { value: values.evaluate(n), values };
    for (let i = 0; i < n.namedChildCount; i++) stack.push(n.namedChild(i)!);
  }
  throw new Error('no PROBE');
}

const plain = (v: JavaValue): unknown => (v.kind === 'list' ? v.items.map(plain) : v.kind === 'unknown' ? '?' : v.value);

describe('Java value tracking', () => {
  before(async () => initTreeSitter());

  it('static final constants, concatenation and arrays', () => {
    assert.equal(plain(valueOf('static final String HOST = "example.com"; static final String PROBE = "https://app." + HOST;').value), 'https://app.example.com');
    assert.deepEqual(plain(valueOf('private static final String[] PROBE = {"https://a.com", "https://b.com"};').value), ['https://a.com', 'https://b.com']);
    assert.deepEqual(plain(valueOf('static final String[] PROBE = new String[] {"x"};').value), ['x']);
  });

  it('List.of, Arrays.asList and split on a constant', () => {
    assert.deepEqual(plain(valueOf('static final java.util.List<String> PROBE = List.of("a", "b");').value), ['a', 'b']);
    assert.deepEqual(plain(valueOf('static final Object PROBE = Arrays.asList("a");').value), ['a']);
    assert.deepEqual(plain(valueOf('static final String S = "a,b"; static final Object PROBE = S.split(",");').value), ['a', 'b']);
  });

  it('the same lists written with java.util qualified names', () => {
    assert.deepEqual(plain(valueOf('static final Object PROBE = java.util.List.of("a", "b");').value), ['a', 'b']);
    assert.deepEqual(plain(valueOf('static final Object PROBE = java.util.Set.of("a");').value), ['a']);
    assert.deepEqual(plain(valueOf('static final Object PROBE = java.util.Arrays.asList("a");').value), ['a']);
    assert.equal(valueOf('static final Object PROBE = com.acme.List.of("a");').value.kind, 'unknown');
  });

  it('@Value("${key:default}") gives the default and notes the environment; without a default it is unknown', () => {
    const withDefault = valueOf('@Value("${cors.origin:https://app.example.com}") private String PROBE;');
    assert.equal(plain(withDefault.value), 'https://app.example.com');
    assert.equal(withDefault.values.notes[0]?.kind, 'depends-on-environment');
    assert.equal(valueOf('@Value("${cors.origin}") private String PROBE;').value.kind, 'unknown');
  });

  it('System.getenv with a default, and names it cannot see through', () => {
    assert.equal(plain(valueOf('static final String PROBE = System.getenv().getOrDefault("ORIGIN", "https://d.example.com");').value), 'https://d.example.com');
    assert.equal(valueOf('static final String PROBE = System.getenv("ORIGIN");').value.kind, 'unknown');
    assert.equal(valueOf('static final String PROBE = compute();').value.kind, 'unknown');
    // A cycle ends as unknown instead of recursing forever.
    assert.equal(valueOf('static final String A = B; static final String B = A; static final String PROBE = A;').value.kind, 'unknown');
  });
});
