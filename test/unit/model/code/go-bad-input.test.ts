import * as assert from 'node:assert/strict';
import { analyse, ready } from './js/support';

const REFLECT = 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/rs/cors"\n)\n\nvar c = cors.New(cors.Options{AllowOriginFunc: func(o string) bool { return true }, AllowCredentials: true})\n';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

describe('Go extractors on bad input', function () {
  this.timeout(120_000);
  before(ready);

  it('a syntax error is reported and the readable set-up is still checked', () => {
    const result = analyse({ 'main.go': `${REFLECT}\nfunc broken( {\n\thttp.ListenAndServe(":8080", c.Handler(nil)\n` });
    const ids = result.findings.map((f) => f.ruleId);
    assert.ok(ids.includes('syntax-error'), ids.join(', '));
    assert.ok(ids.includes('reflected-origin'), ids.join(', '));
  });

  it('deeply nested conditions in a handler neither crash nor hang', () => {
    const depth = 3000;
    const body = `${'\tif r.URL.Path != "" {\n'.repeat(depth)}\tw.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))\n${'\t}\n'.repeat(depth)}`;
    const text = `package main\n\nimport "net/http"\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n${body}}\n`;
    const { value, ms } = timed(() => analyse({ 'main.go': text }));
    assert.ok(ms < 30_000, `took ${ms} ms`);
    assert.deepEqual(value.findings.filter((f) => /failed on this file/.test(f.message)).map((f) => f.message), []);
  });

  it('a handler nested a little deeper than usual is still read', () => {
    const depth = 30;
    const body = `${'\t{\n'.repeat(depth)}\tw.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))\n\tw.Header().Set("Access-Control-Allow-Credentials", "true")\n${'\t}\n'.repeat(depth)}`;
    const result = analyse({ 'main.go': `package main\n\nimport "net/http"\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n${body}}\n` });
    assert.ok(result.findings.some((f) => f.ruleId === 'reflected-origin'), result.findings.map((f) => f.message).join('\n'));
  });

  it('a 3 MB generated file is analysed in bounded time', () => {
    const lines = [REFLECT];
    let size = REFLECT.length;
    for (let i = 0; size < 3 * 1024 * 1024; i++) {
      const line = `func h${i}(w http.ResponseWriter, r *http.Request) { w.Header().Set("X-Route", "r${i}"); w.Write([]byte("route ${i}")) }\n`;
      lines.push(line);
      size += line.length;
    }
    const { value, ms } = timed(() => analyse({ 'main.go': lines.join('') }));
    assert.ok(ms < 60_000, `took ${ms} ms`);
    assert.ok(value.findings.some((f) => f.ruleId === 'reflected-origin'));
  });

  it('options from a function call, a self-referencing var and odd callbacks give no crash', () => {
    const text = 'package main\n\nimport "github.com/rs/cors"\n\nvar a = b\nvar b = a\n\nfunc opts() cors.Options { return cors.Options{AllowedOrigins: a} }\n\nvar c1 = cors.New(opts())\nvar c2 = cors.New(cors.Options{AllowOriginFunc: check})\nvar c3 = cors.New(cors.Options{AllowOriginFunc: func(o string) bool { for { } }})\n';
    const result = analyse({ 'main.go': text });
    assert.ok(!result.findings.some((f) => /failed/.test(f.message)), result.findings.map((f) => f.message).join('\n'));
    assert.equal(result.policies.length, 3);
  });

  it('a Go file that only mentions the packages in a comment yields nothing', () => {
    const result = analyse({ 'main.go': 'package main\n\n// github.com/rs/cors and Access-Control-Allow-Origin are documented elsewhere.\nfunc main() {}\n' });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.policies, []);
  });
});
