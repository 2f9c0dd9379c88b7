import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';
import { callArgs, dottedName, field, isFunction, operatorOf, stringLiteral, unwrap } from './ast';
import { HandlerWalker } from './handler-paths';
import { type JsEvaluator } from './values';
import { findBinding } from './bindings';

/**
 * The request's Origin as Web handlers read it: `request.headers.get('origin')`,
 * also with an empty fallback (`?? ''`, `|| ''`), which changes nothing since an
 * absent Origin is the empty string to the model. Values and checks are read
 * the way hand-written Node handlers are.
 */
export class WebOrigin extends HandlerWalker {
  constructor(
    evaluator: JsEvaluator,
    file: CodeFile,
    private readonly request: string,
    method: 'OPTIONS' | 'GET',
    /** Parameters of a helper function that were handed the Origin (`corsHeaders(origin)`). */
    private readonly aliases?: { fn: number; names: ReadonlySet<string> },
  ) {
    // Web handlers have no response parameter: a name no code can use.
    super(evaluator, file, request, '\u0000', method);
  }

  // A name means the same throughout its scope (bindings are looked up in the whole scope), so each is resolved once per scope.
  private readonly names = new Map<string, boolean>();

  override isOrigin(n: Node, depth = 0): boolean {
    if (n.type === 'identifier' && depth === 0) {
      const key = `${n.text}@${scopeOf(n)}`;
      let known = this.names.get(key);
      if (known === undefined) this.names.set(key, (known = this.isOriginUncached(n, depth)));
      return known;
    }
    return this.isOriginUncached(n, depth);
  }

  private isOriginUncached(n: Node, depth: number): boolean {
    if (n.type === 'identifier' && this.aliases?.names.has(n.text)) {
      const b = findBinding(n, n.text);
      if (b?.kind === 'param' && b.node.startIndex === this.aliases.fn) return true;
    }
    if (n.type === 'call_expression') {
      const callee = dottedName(field(n, 'function')!);
      const arg = callArgs(n)[0];
      if (callee === `${this.request}.headers.get` && arg && stringLiteral(arg)?.toLowerCase() === 'origin') return true;
    }
    if (n.type === 'binary_expression' && (operatorOf(n) === '??' || operatorOf(n) === '||')) {
      const right = unwrap(field(n, 'right')!);
      if (stringLiteral(right) === '' && this.isOrigin(unwrap(field(n, 'left')!), depth + 1)) return true;
    }
    return super.isOrigin(n, depth);
  }

  /** Whether an expression reads the request Origin anywhere inside, also through a local that holds a check. */
  mentions(n: Node): boolean {
    return this.mentionsOrigin(n);
  }

  protected override mentionsOrigin(n: Node, depth = 0): boolean {
    const stack = [n];
    while (stack.length) {
      const x = unwrap(stack.pop()!);
      if (this.isOrigin(x)) return true;
      // `const isAllowed = list.includes(origin)` holds the check itself.
      if (x.type === 'identifier' && depth < 4) {
        const b = findBinding(x, x.text);
        if (b?.kind === 'value' && b.path.length === 0 && this.mentionsOrigin(b.init, depth + 1)) return true;
      }
      for (let i = 0; i < x.namedChildCount; i++) stack.push(x.namedChild(i)!);
    }
    return false;
  }
}

/** The nearest enclosing scope or function, which decides what a name refers to. */
function scopeOf(n: Node): number {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'statement_block' || p.type === 'program' || p.type === 'class_body' || p.type === 'switch_body' || isFunction(p)) return p.startIndex * 8 + (p.type.length % 8);
  }
  return -1;
}
