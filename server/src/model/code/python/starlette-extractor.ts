import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { policy } from '../js/policy-parts';
import { descendants, field, pyArgs, spanOf, unwrapPy } from './ast';
import { starletteFixer, starletteTargets } from './starlette-fix-targets';
import { starletteBranches, type StarletteCorsConfig, type StarletteOption } from './starlette-policy';
import { PyEvaluator, truthy, type PyValue } from './values';

/** The class's parameters after `app`, in order, for options passed by position. */
const PARAMETERS = ['allow_origins', 'allow_methods', 'allow_headers', 'allow_credentials', 'allow_origin_regex', 'expose_headers', 'max_age'];

/**
 * Starlette and FastAPI `CORSMiddleware`: `app.add_middleware(CORSMiddleware, ...)`,
 * `Middleware(CORSMiddleware, ...)` in `Starlette(middleware=[...])` or
 * `FastAPI(middleware=[...])`, and an app wrapped directly (`CORSMiddleware(app, ...)`).
 */
export const starletteExtractor: FrameworkExtractor = {
  id: 'starlette-cors',
  languages: ['python'],
  mentions: /CORSMiddleware/,
  sources: ['starlette'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const evaluator = new PyEvaluator(project);
    const policies: CorsPolicy[] = [];
    for (const call of descendants(file.tree.rootNode)) {
      if (call.type !== 'call') continue;
      const callee = unwrapPy(field(call, 'function')!);
      const { positional, keywords, keywordNodes, splats } = pyArgs(call);
      let options: Node[];
      let insideApp: boolean;
      if (isCorsClass(evaluator, file, callee)) {
        options = positional.slice(1);
        insideApp = false;
      } else if (positional[0] && isCorsClass(evaluator, file, unwrapPy(positional[0]))) {
        options = positional.slice(1);
        insideApp = true;
      } else {
        continue;
      }
      const at = spanOf(file, call);
      const values = new Map<string, { value: PyValue; node: Node }>();
      options.forEach((n, i) => PARAMETERS[i] && values.set(PARAMETERS[i], { value: evaluator.evaluate(file, n), node: n }));
      for (const s of splats) {
        const v = evaluator.evaluate(file, s.namedChild(0) ?? s);
        if (v.kind === 'dict') for (const [k, item] of v.entries) values.set(k, { value: item, node: item.node });
      }
      for (const [k, n] of keywords) values.set(k, { value: evaluator.evaluate(file, n), node: n });
      const config = configOf(values, file, at, insideApp);
      const fastapi = /\bfastapi\b/.test(file.text);
      const label = `${fastapi ? 'FastAPI' : 'Starlette'} CORSMiddleware`;
      const built = policy('starlette', label, at, starletteBranches(config, at), []);
      starletteTargets.set(built, { call, file, keywordNodes });
      policies.push(built);
    }
    return { policies };
  },
  fixer: starletteFixer,
};

function isCorsClass(evaluator: PyEvaluator, file: CodeFile, n: Node): boolean {
  if (n.type !== 'identifier' && n.type !== 'attribute') return false;
  const name = evaluator.calleeName(file, n);
  return name !== undefined && /^(starlette|fastapi)\.middleware\.cors\.CORSMiddleware$/.test(name);
}

function configOf(values: Map<string, { value: PyValue; node: Node }>, file: CodeFile, at: Span, insideApp: boolean): StarletteCorsConfig {
  const opt = <T>(name: string, read: (v: PyValue) => T, def: T): StarletteOption<T> => {
    const found = values.get(name);
    return found ? { value: read(found.value), at: spanOf(file, found.node) } : { value: def, at };
  };
  return {
    origins: opt('allow_origins', (v) => {
      if (v.kind === 'string') return { text: v.value };
      const items = listOf(v);
      if (!items || !items.every((i) => i.kind === 'string')) return undefined;
      return { items: items.map((i) => ({ text: (i as { value: string }).value, at: spanOf(i.file, i.node) })) };
    }, { items: [] }),
    regex: opt('allow_origin_regex', (v) => (v.kind === 'string' ? v.value : v.kind === 'none' ? null : undefined), null as string | null | undefined),
    credentials: opt('allow_credentials', (v) => truthy(v), false as boolean | undefined),
    methods: opt('allow_methods', strings, ['GET'] as string[] | undefined),
    headers: opt('allow_headers', strings, [] as string[] | undefined),
    expose: opt('expose_headers', strings, [] as string[] | undefined),
    maxAge: opt('max_age', (v) => (v.kind === 'number' || v.kind === 'string' ? v.value : undefined), 600 as number | string | undefined),
    insideApp,
  };
}

function listOf(v: PyValue): PyValue[] | undefined {
  return v.kind === 'list' || v.kind === 'set' ? v.items : undefined;
}

function strings(v: PyValue): string[] | undefined {
  const items = listOf(v);
  if (!items || !items.every((i) => i.kind === 'string')) return undefined;
  return items.map((i) => (i as { value: string }).value);
}
