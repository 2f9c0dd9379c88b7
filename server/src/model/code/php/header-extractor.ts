import type { CorsPolicy, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { emission, mergeRoutes, statusOf } from '../js/node-extractor';
import { and, branch, originIs, policy } from '../js/policy-parts';
import { descendants, functionName, spanOf, statementsOf } from './ast';
import { phpFixer } from './php-fixer-hook';
import { ScriptWalker } from './script-walker';
import { PhpEvaluator } from './values';

/**
 * Hand-written CORS in a PHP script: `header('Access-Control-Allow-Origin: ' . $origin)`
 * and friends, run once per request. The script is one policy: its paths for
 * OPTIONS and for other methods, split by the checks on the request Origin
 * that guard them; routing decisions stay the app's.
 */
export const phpHeaderExtractor: FrameworkExtractor = {
  id: 'php-header',
  languages: ['php'],
  mentions: /access-control-allow-/i,
  sources: ['php'],
  extract(file: CodeFile): ExtractResult {
    const calls = [...descendants(file.tree.rootNode)].filter((n) => functionName(n) === 'header' && /access-control-allow-/i.test(n.text));
    if (calls.length === 0) return { policies: [] };
    const evaluator = new PhpEvaluator(file);
    const at = spanOf(file, calls[0]);
    const branches: ResponseBranch[] = [];
    // Every method the script names takes its own walk; one more stands for all the others.
    const named = [...new Set(['OPTIONS', ...new ScriptWalker(evaluator, file, 'OPTIONS').methodsNamed()])];
    const walks: [string, RequestCondition][] = [...named.map((m): [string, RequestCondition] => [m, { kind: 'method', methods: [m] }]), ['\u0000OTHER', { kind: 'not', cond: { kind: 'method', methods: named } }]];
    for (const [method, when] of walks) {
      const paths = mergeRoutes(new ScriptWalker(evaluator, file, method).run(statementsOf(file.tree.rootNode)));
      for (const p of paths) {
        const route = p.opaque ? [{ kind: 'opaque' as const, text: p.opaque, at }] : [];
        const ended = { ...p, status: p.status === 'unset' && p.route.length === 0 ? 200 : p.status };
        branches.push(branch(and(when, originIs(p.guard), ...route), statusOf(ended, at), p.headers.map(emission), at));
      }
    }
    const made: CorsPolicy = policy('php', `PHP script ${file.path.split('/').pop()}`, at, branches, []);
    return { policies: [made] };
  },
  fixer: phpFixer,
};
