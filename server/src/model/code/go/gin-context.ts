import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { GoHandlerWalker, HandlerPath, SetHeader } from './handler-walker';

type Step = { path: HandlerPath; ended: boolean };

/** gin.Context methods that write the answer with the status given first. */
const WRITES = new Set(['JSON', 'String', 'Data', 'XML', 'YAML', 'HTML', 'IndentedJSON', 'PureJSON', 'SecureJSON', 'AsciiJSON', 'JSONP', 'ProtoBuf', 'Redirect', 'AbortWithStatusJSON', 'AbortWithError', 'AbortWithStatus']);

/**
 * Calls on a `*gin.Context` (gin 1.8, context.go): `c.Header` sets (an empty
 * value deletes), `c.Status` and `c.Writer.WriteHeader` only record the status
 * (gin writes it with the body, so later headers still go out), the writers
 * and `AbortWith...` send the answer, `c.Next()` runs the rest of the chain,
 * `c.Abort()` stops it with the status recorded so far.
 */
export function ginContextCall(walker: GoHandlerWalker, c: string, name: string, args: Node[], p: HandlerPath, at: Span): Step | undefined {
  const evaluate = (n: Node | undefined) => (n ? walker.ctx.evaluator.evaluate(walker.file, n) : undefined);
  const code = (n: Node | undefined): HandlerPath['status'] => {
    const v = evaluate(n);
    return v?.kind === 'number' ? v.value : 'unknown';
  };
  const method = name.startsWith(`${c}.`) ? name.slice(c.length + 1) : undefined;
  if (method === 'Header' && args.length === 2) {
    if (p.written) return { path: p, ended: false };
    const header = evaluate(args[0]);
    if (header?.kind !== 'string') return { path: p, ended: false };
    const key = header.value.toLowerCase();
    const kept = p.headers.filter((h) => h.name.toLowerCase() !== key);
    const value = evaluate(args[1]);
    if (value?.kind === 'string' && value.value === '') return { path: { ...p, headers: kept }, ended: false };
    const h: SetHeader = { name: header.value, value: walker.value(args[1]), mode: 'set', at };
    return { path: { ...p, headers: [...kept, h] }, ended: false };
  }
  if (method === 'Status' || method === 'Writer.WriteHeader') {
    return { path: p.written ? p : { ...p, status: code(args[0]), statusAt: at }, ended: false };
  }
  if (method !== undefined && WRITES.has(method)) {
    // The status recorded by an earlier c.Status is replaced by the one given here.
    return { path: p.written ? p : { ...p, status: code(args[0]), statusAt: at, written: true }, ended: false };
  }
  if (method === 'Next') return { path: p.written ? p : { ...p, status: 'app', written: true }, ended: false };
  if (method === 'Abort') return { path: p.written ? p : { ...p, status: p.status === 'unset' ? 200 : p.status, written: true }, ended: false };
  return undefined;
}
