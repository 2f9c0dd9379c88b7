import type { Node } from '@vscode/tree-sitter-wasm';
import type { FixProvider } from '../../../rules/rule';
import { starletteFixProvider } from '../../../fixes/python-starlette-fixer';
import type { CorsPolicy } from '../../cors-policy';
import type { CodeFile } from '../code-project';

/** The `CORSMiddleware` call of a Starlette policy, for fixes that rewrite its options. */
export interface StarletteTarget {
  call: Node;
  file: CodeFile;
  /** `name=value` arguments by name. */
  keywordNodes: Map<string, Node>;
}

/** Filled by the extractor, read by the fixer: policies are the same objects in one analysis. */
export const starletteTargets = new WeakMap<CorsPolicy, StarletteTarget>();

export function starletteFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return starletteFixProvider(readText);
}
