import * as assert from 'node:assert/strict';
import { initTreeSitter, parseCode } from '../../../../server/src/parsers/code/tree-sitter';
import type { CodeFile } from '../../../../server/src/model/code/code-project';
import { blockMatcher } from '../../../../server/src/model/code/ruby/origin-checks';
import { statementsOf } from '../../../../server/src/model/code/ruby/ast';
import { RbEvaluator, envOf } from '../../../../server/src/model/code/ruby/values';
import { matchOrigin } from '../../../../server/src/origin/match-origin';

function rb(text: string): CodeFile {
  return { path: '/virtual/app.rb', text, lang: 'ruby', tree: parseCode(text, 'ruby') };
}

/** The value of the last statement of a snippet. */
function last(text: string) {
  const file = rb(text);
  const root = file.tree.rootNode;
  return new RbEvaluator(file).evaluate(root.namedChild(root.namedChildCount - 1)!);
}

/** Which of the origins a block `{ |o| ... }` (the snippet's last statement) admits. */
function admits(text: string, origins: string[]): string[] {
  const file = rb(text);
  const root = file.tree.rootNode;
  const call = root.namedChild(root.namedChildCount - 1)!;
  const block = call.childForFieldName('block')!;
  const param = block.childForFieldName('parameters')!.namedChild(0)!.text;
  const m = blockMatcher({ evaluator: new RbEvaluator(file), isOrigin: (n) => n.type === 'identifier' && n.text === param }, statementsOf(block));
  return origins.filter((o) => matchOrigin(m, o) === true);
}

describe('Ruby value tracking and origin checks', () => {
  before(initTreeSitter);

  it('literals, %w[], constants, splats, hashes and freeze', () => {
    assert.deepEqual(last("A = %w[a b].freeze\nB = ['c', *A]\nB").kind === 'array' && (last("A = %w[a b].freeze\nB = ['c', *A]\nB") as { items: { value: string }[] }).items.map((i) => i.value), ['c', 'a', 'b']);
    const h = last("H = { 'k' => 1, sym: :any }\nH");
    assert.ok(h.kind === 'hash' && h.entries.get('k')?.kind === 'number' && h.entries.get('sym')?.kind === 'symbol');
    const s = last("HOST = 'example.com'\n\"https://#{HOST}\"");
    assert.ok(s.kind === 'string' && s.value === 'https://example.com');
  });

  it('ENV.fetch with a default or a block, ENV[] || default: the default, marked', () => {
    for (const text of ["ENV.fetch('X', 'https://a.com')", "ENV.fetch('X') { 'https://a.com' }", "ENV['X'] || 'https://a.com'"]) {
      const v = last(text);
      assert.ok(v.kind === 'string' && v.value === 'https://a.com', text);
      assert.deepEqual(envOf(v).map((e) => e.name), ['X'], text);
    }
    assert.equal(last("ENV['X']").kind, 'unknown');
  });

  it('string checks: ==, end_with?, start_with?, include?, =~, match?, any?', () => {
    const all = ['https://a.example.com', 'https://evilexample.com', 'http://a.example.com', 'https://a.example.com.evil.net', 'https://partner.net'];
    assert.deepEqual(admits("allow { |o| o == 'https://a.example.com' }", all), ['https://a.example.com']);
    assert.deepEqual(admits("allow { |o| o.end_with?('example.com') }", all), ['https://a.example.com', 'https://evilexample.com', 'http://a.example.com']);
    assert.deepEqual(admits("allow { |o| o.start_with?('https://a.example.com') }", all), ['https://a.example.com', 'https://a.example.com.evil.net']);
    assert.deepEqual(admits("allow { |o| o.include?('partner') }", all), ['https://partner.net']);
    assert.deepEqual(admits("allow { |o| o =~ /\\Ahttps:\\/\\/a\\.example\\.com\\z/ }", all), ['https://a.example.com']);
    assert.deepEqual(admits("allow { |o| /example\\.com/.match?(o) && !o.start_with?('http:') }", all), ['https://a.example.com', 'https://evilexample.com', 'https://a.example.com.evil.net']);
    assert.deepEqual(admits("LIST = %w[https://partner.net]\nallow { |o| LIST.include?(o) }", all), ['https://partner.net']);
    assert.deepEqual(admits("SUF = ['.example.com']\nallow { |o| SUF.any? { |s| o.end_with?(s) } }", all), ['https://a.example.com', 'http://a.example.com']);
  });

  it('return, next, if/unless and modifiers split the block', () => {
    const all = ['https://a.example.com', 'https://b.example.com', 'https://c.example.com'];
    assert.deepEqual(admits("allow do |o|\n  next false if o == 'https://b.example.com'\n  o.end_with?('.example.com')\nend", all), ['https://a.example.com', 'https://c.example.com']);
    assert.deepEqual(admits("allow do |o|\n  unless o == 'https://a.example.com'\n    return false\n  end\n  true\nend", all), ['https://a.example.com']);
  });
});
