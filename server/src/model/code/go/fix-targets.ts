import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import type { GoValue } from './values';

/** Where a Go policy's settings live in the code, for fixes that rewrite them. */
export interface GoFixTarget {
  kind: 'rs-cors' | 'gin' | 'handler';
  file: CodeFile;
  /** The call that makes the middleware (`cors.New(...)`), or the handler function. */
  call: Node;
  /** The options struct, when written as a literal or in a name that resolves to one. */
  options?: GoValue & { kind: 'struct' };
  /** Hand-written handlers: the expression that writes headers (`w.Header()`), for the Vary line. */
  headerExpr?: string;
  /** Hand-written handlers: the request as the code reaches it (`r`, `c.Request`). */
  request?: string;
}

/** Filled by the extractors, read by the fixer: policies are the same objects in one analysis. */
export const goTargets = new WeakMap<CorsPolicy, GoFixTarget>();
