import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { configPolicies, isNextConfig } from './next-config';
import { nextFixer } from './next-fixer';
import { isRouteHandlerFile, middlewarePolicy, routePolicy } from './next-handlers';
import { JsEvaluator } from './values';

/**
 * Next.js: `headers()` in the config, App Router route handlers and
 * middleware. Pages Router API routes are plain `(req, res)` handlers, read by
 * the hand-written handler extractor.
 */
export const nextExtractor: FrameworkExtractor = {
  id: 'nextjs',
  languages: ['javascript', 'typescript', 'tsx'],
  mentions: /access-control-allow-|next\/server|NextConfig|async\s+headers\s*\(/i,
  sources: ['nextjs'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const evaluator = new JsEvaluator(project);
    if (isNextConfig(file)) return { policies: configPolicies(file, evaluator) };
    const middleware = middlewarePolicy(file, evaluator);
    if (middleware) return { policies: [middleware] };
    const route = isRouteHandlerFile(file) ? routePolicy(file, evaluator) : undefined;
    return { policies: route ? [route] : [] };
  },
  fixer: nextFixer,
};
