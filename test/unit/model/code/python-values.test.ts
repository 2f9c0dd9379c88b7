import * as assert from 'node:assert/strict';
import type { Node } from '@vscode/tree-sitter-wasm';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { CodeProject, type CodeFile } from '../../../../server/src/model/code/code-project';
import { descendants } from '../../../../server/src/model/code/python/ast';
import { envOfPy, PyEvaluator, stringsOf, type PyValue } from '../../../../server/src/model/code/python/values';
import { initTreeSitter } from '../../../../server/src/parsers/code/tree-sitter';

const ROOT = '/virtual/py';

function project(files: Record<string, string>): { project: CodeProject; main: CodeFile } {
  const overlay = new Map(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  const p = new CodeProject(createNodeFileHost({ overlay }));
  return { project: p, main: p.file(`${ROOT}/${Object.keys(files)[0]}`)! };
}

/** The value of the expression `probe(...)`'s argument: `probe(EXPR)` marks what to evaluate. */
function valueAt(files: Record<string, string>): PyValue {
  const { project: p, main } = project(files);
  const call = [...descendants(main.tree.rootNode)].find((n: Node) => n.type === 'call' && n.child(0)?.text === 'probe');
  assert.ok(call, 'no probe(...) in the file');
  const arg = call.childForFieldName('arguments')!.namedChild(0)!;
  return new PyEvaluator(p).evaluate(main, arg);
}

function plain(v: PyValue): unknown {
  switch (v.kind) {
    case 'string': case 'number': case 'boolean': return v.value;
    case 'none': return null;
    case 'list': case 'set': return v.items.map(plain);
    case 'dict': return Object.fromEntries([...v.entries].map(([k, x]) => [k, plain(x)]));
    case 'regex': return { regex: v.pattern, ignoreCase: v.ignoreCase };
    default: return `<${v.kind}>`;
  }
}

describe('Python value tracking', () => {
  before(initTreeSitter);

  it('reads literals: strings with escapes and prefixes, numbers, bools, None, containers', () => {
    assert.deepEqual(plain(valueAt({ 'a.py': "probe(['a\\tb', r'x\\.y', 'p' \"q\", 1_000, -2.5, True, None, ('t',), {'s'}, {'k': [1]}])\n" })),
      ['a\tb', 'x\\.y', 'pq', 1000, -2.5, true, null, ['t'], ['s'], { k: [1] }]);
  });

  it('follows module-level names, unpacking, spreads and concatenation', () => {
    const v = valueAt({ 'a.py': "BASE = ['https://a.example.com']\nX, Y = 'https://b.example.com', 2\nEXTRA = [*BASE, X] + ['https://c.example.com']\nD = {**{'o': EXTRA}, 'n': Y}\nprobe(D)\n" });
    assert.deepEqual(plain(v), { o: ['https://a.example.com', 'https://b.example.com', 'https://c.example.com'], n: 2 });
  });

  it('inside a function sees its parameters as unknown and module names at their final value', () => {
    const v = valueAt({ 'a.py': "ORIGINS = ['a']\ndef view(req):\n    probe((ORIGINS, req))\nORIGINS = ['b']\n" });
    assert.deepEqual(plain(v), [['b'], '<unknown>']);
  });

  it('reads names imported from sibling modules (from . import, from m import x as y, import m)', () => {
    const files = {
      'app.py': 'from .settings import ORIGINS as O\nfrom . import settings\nimport conf\nprobe([O, settings.MAX, conf.FLAG])\n',
      'settings.py': "ORIGINS = ('https://a.example.com',)\nMAX = 600\n",
      'conf.py': 'FLAG = False\n',
    };
    assert.deepEqual(plain(valueAt(files)), [['https://a.example.com'], 600, false]);
  });

  it('does not loop on modules that import each other', () => {
    const v = valueAt({ 'a.py': 'from b import X\nY = X\nprobe(Y)\n', 'b.py': 'from a import Y\nX = Y\n' });
    assert.equal(v.kind, 'unknown');
  });

  it('takes the default of os.environ.get / os.getenv and records the variable', () => {
    const v = valueAt({ 'a.py': "import os\nfrom os import getenv, environ\nprobe([os.environ.get('FRONT', 'https://a.example.com'), getenv('MAX', '600'), environ.get('NONE'), os.getenv('X') or 'd'])\n" });
    assert.deepEqual(plain(v), ['https://a.example.com', '600', null, 'd']);
    assert.deepEqual(envOfPy(v).map((e) => e.name), ['FRONT', 'MAX', 'NONE', 'X']);
  });

  it('reads os.environ[...] as unknown but tied to the environment', () => {
    const v = valueAt({ 'a.py': "import os\nprobe(os.environ['ORIGIN'])\n" });
    assert.equal(v.kind, 'unknown');
    assert.deepEqual(envOfPy(v).map((e) => e.name), ['ORIGIN']);
  });

  it('splits and strips environment lists, in comprehensions too', () => {
    const v = valueAt({ 'a.py': "import os\nprobe([o.strip() for o in os.getenv('ORIGINS', 'https://a.example.com, https://b.example.com,').split(',') if o])\n" });
    assert.deepEqual(stringsOf(v), ['https://a.example.com', 'https://b.example.com']);
    assert.deepEqual(envOfPy(v).map((e) => e.name), ['ORIGINS']);
  });

  it('compiles regexes with their flags, and evaluates f-strings and comparisons of known values', () => {
    assert.deepEqual(plain(valueAt({ 'a.py': "import re\nD = 'example'\nprobe([re.compile(r'^https://a\\.' + D, re.I | re.M), f'https://{D}.com', os.getenv('DEBUG', 'false').lower() == 'true'])\n" })),
      [{ regex: '^https://a\\.example', ignoreCase: true }, 'https://example.com', false]);
  });
});
