import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const RULE_FIXTURES = path.resolve(__dirname, '../../../fixtures/rules');

/**
 * No Spring or ASP.NET Core runtime runs here, so a fixture that rests on
 * what the framework does names the source that decides it: repository,
 * file and method, in a comment of the fixture.
 */
const FRAMEWORKS: { prefix: string; ext: string; citation: RegExp }[] = [
  { prefix: 'spring-', ext: '.java', citation: /\/\/ Spring: spring-projects\/spring-framework spring-webm?v?c?\/src\/main\/java\/org\/springframework\/[\w/]+\.java [A-Za-z]\w*/ },
  { prefix: 'aspnet-', ext: '.cs', citation: /\/\/ ASP\.NET Core: dotnet\/aspnetcore src\/(Middleware\/CORS|Http\/Http\.Features)\/src\/[\w./]+\.cs [A-Z]\w*/ },
];

function frameworkFixtures(prefix: string, ext: string): string[] {
  const out: string[] = [];
  for (const rule of fs.readdirSync(RULE_FIXTURES)) {
    for (const kind of ['fires', 'silent']) {
      const dir = path.join(RULE_FIXTURES, rule, kind);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir)) {
        if (name.startsWith(prefix) && name.endsWith(ext) && !name.includes('.fixed.')) out.push(path.join(dir, name));
      }
    }
  }
  return out;
}

describe('Java and C# rule fixtures cite the framework source they rest on', () => {
  for (const { prefix, ext, citation } of FRAMEWORKS) {
    const files = frameworkFixtures(prefix, ext);
    it(`${prefix}*${ext} fixtures exist`, () => assert.ok(files.length >= 3, `only ${files.length} ${prefix} fixtures`));
    for (const file of files) {
      it(`${path.relative(RULE_FIXTURES, file)} names the deciding source`, () => {
        const text = fs.readFileSync(file, 'utf8');
        assert.match(text, citation, `${file} lacks a comment naming the repository, file and method that decide its behaviour`);
      });
    }
  }

  it('a fixture without a citation is caught', () => {
    const uncited = '@CrossOrigin(origins = "*")\nclass A {}\n';
    assert.doesNotMatch(uncited, FRAMEWORKS[0].citation);
    assert.doesNotMatch('// ASP.NET Core: somewhere\n', FRAMEWORKS[1].citation);
  });
});
