import * as assert from 'node:assert/strict';
import { CodeProject } from '../../../../server/src/model/code/code-project';
import { goImports } from '../../../../server/src/model/code/go/ast';
import { readGoMod, readGoSum } from '../../../../server/src/model/code/go/manifests';
import { GoEvaluator, type GoValue } from '../../../../server/src/model/code/go/values';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { descendants } from '../../../../server/src/model/code/js/ast';
import { ready, ROOT } from './js/support';

/** Evaluates the value passed as the argument of `probe(...)` in a Go file (the other files are its package). */
function valueOf(files: Record<string, string>): GoValue {
  const overlay = new Map(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  const project = new CodeProject(createNodeFileHost({ overlay }));
  const file = project.file(`${ROOT}/${Object.keys(files)[0]}`)!;
  const call = [...descendants(file.tree.rootNode)].find((n) => n.type === 'call_expression' && n.text.startsWith('probe('))!;
  const arg = call.childForFieldName('arguments')!.namedChild(0)!;
  return new GoEvaluator(project, goImports(file)).evaluate(file, arg);
}

function show(v: GoValue): unknown {
  switch (v.kind) {
    case 'string': case 'number': case 'boolean': return v.value;
    case 'slice': return v.items.map(show);
    case 'map': return Object.fromEntries(v.entries.map((e) => [String(show(e.key)), show(e.value)]));
    case 'struct': return Object.fromEntries([...v.props].map(([k, x]) => [k, show(x)]));
    case 'regex': return `/${v.pattern}/`;
    case 'unknown': return `?${v.why}`;
    default: return v.kind;
  }
}

const wrap = (decls: string, body: string, imports = '"time"\n\t"os"\n\t"strings"\n\t"regexp"') => `package main\n\nimport (\n\t${imports}\n)\n\n${decls}\n\nfunc main() {\n${body}\n}\n`;

describe('Go value tracking', () => {
  before(ready);

  it('follows constants, var blocks and string concatenation', () => {
    const v = valueOf({ 'main.go': wrap('const host = "example.com"\n\nvar (\n\tscheme = "https://"\n\tapp    = scheme + "app." + host\n)', '\tprobe(app)') });
    assert.equal(show(v), 'https://app.example.com');
  });

  it('reads slices, maps, append with a spread and strings.Split of a constant', () => {
    assert.deepEqual(show(valueOf({ 'main.go': wrap('var base = []string{"https://a.com"}', '\tall := append(base, "https://b.com")\n\tprobe(append(all, strings.Split("https://c.com,https://d.com", ",")...))') })), ['https://a.com', 'https://b.com', 'https://c.com', 'https://d.com']);
    assert.deepEqual(show(valueOf({ 'main.go': wrap('var allowed = map[string]bool{"https://a.com": true, "https://b.com": false}', '\tprobe(allowed)') })), { 'https://a.com': true, 'https://b.com': false });
  });

  it('applies field assignments and Add calls made to a config before it is used', () => {
    const v = valueOf({ 'main.go': wrap('type Config struct{}', '\tc := Config{AllowCredentials: false}\n\tc.AllowOrigins = []string{"https://a.com"}\n\tc.AllowCredentials = true\n\tc.AddAllowHeaders("X-One", "X-Two")\n\tprobe(c)\n\tc.AllowCredentials = false') });
    assert.deepEqual(show(v), { AllowCredentials: true, AllowOrigins: ['https://a.com'], AllowHeaders: ['X-One', 'X-Two'] });
  });

  it('counts durations in nanoseconds, as time.Duration does', () => {
    assert.equal(show(valueOf({ 'main.go': wrap('', '\tprobe(12 * time.Hour)') })), 12 * 3600e9);
  });

  it('takes constants from another file of the same package', () => {
    const v = valueOf({ 'main.go': wrap('', '\tprobe(trusted)'), 'origins.go': 'package main\n\nconst trusted = "https://app.example.com"\n' });
    assert.equal(show(v), 'https://app.example.com');
  });

  it('marks what the environment decides', () => {
    const v = valueOf({ 'main.go': wrap('', '\tprobe(strings.Split(os.Getenv("CORS_ORIGINS"), ","))') });
    assert.equal(v.kind, 'unknown');
    assert.deepEqual(v.env?.map((e) => e.name), ['CORS_ORIGINS']);
  });

  it('compiles regexp.MustCompile patterns from raw strings as written', () => {
    assert.equal(show(valueOf({ 'main.go': wrap('var re = regexp.MustCompile(`^https://.*\\.example\\.com$`)', '\tprobe(re)') })), '/^https://.*\\.example\\.com$/');
  });

  it('gives up on values defined in terms of themselves', () => {
    assert.equal(valueOf({ 'main.go': wrap('var a = b\nvar b = a', '\tprobe(a)') }).kind, 'unknown');
  });
});

describe('Go module versions', () => {
  it('reads go.mod require blocks, single requires and replacements', () => {
    const mod = 'module example.com/app\n\ngo 1.21\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/rs/cors v1.10.1 // indirect\n)\n\nrequire github.com/gin-contrib/cors v1.4.0\n\nreplace github.com/rs/cors => github.com/rs/cors v1.8.3\n';
    assert.deepEqual(readGoMod(mod), { 'github.com/gin-gonic/gin': '1.9.1', 'github.com/rs/cors': '1.8.3', 'github.com/gin-contrib/cors': '1.4.0' });
  });

  it('takes the highest version go.sum lists', () => {
    const sum = 'github.com/rs/cors v1.7.0 h1:abc=\ngithub.com/rs/cors v1.7.0/go.mod h1:def=\ngithub.com/rs/cors v1.11.0 h1:ghi=\ngithub.com/x/y v2.0.0+incompatible h1:jkl=\n';
    assert.deepEqual(readGoSum(sum), { 'github.com/rs/cors': '1.11.0', 'github.com/x/y': '2.0.0' });
  });
});

describe('Go values passed to functions', () => {
  before(ready);

  it('a parameter takes the value every caller passes', () => {
    const v = valueOf({ 'main.go': wrap('func build(origins []string) {\n\tprobe(origins)\n}', '\tbuild([]string{"https://a.com"})\n\tbuild([]string{"https://a.com"})') });
    assert.deepEqual(show(v), ['https://a.com']);
  });

  it('callers that pass different values leave it unknown', () => {
    const v = valueOf({ 'main.go': wrap('func build(origins []string) {\n\tprobe(origins)\n}', '\tbuild([]string{"https://a.com"})\n\tbuild([]string{"https://b.com"})') });
    assert.equal(v.kind, 'unknown');
  });
});

describe('Go environment defaults', () => {
  before(ready);

  it('takes the fallback of `if v == "" { v = ... }` and remembers the variable', () => {
    const v = valueOf({ 'main.go': wrap('', '\torigin := os.Getenv("ORIGIN")\n\tif origin == "" {\n\t\torigin = "https://app.example.com"\n\t}\n\tprobe(origin)') });
    assert.equal(show(v), 'https://app.example.com');
    assert.deepEqual(v.env?.map((e) => e.name), ['ORIGIN']);
  });
});
