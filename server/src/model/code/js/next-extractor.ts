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
  // Route handlers may take their CORS headers from another module: an exported method is reason enough to read the file.
  mentions: /access-control-allow-|next\/server|NextConfig|async\s+headers\s*\(|export\s+(async\s+)?(function|const)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS)\b/i,
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
