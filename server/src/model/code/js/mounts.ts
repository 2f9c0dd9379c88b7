import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';
import { callArgs, field, stringLiteral, unwrap } from './ast';
import { callsIn } from './module-imports';
import { findBinding } from './bindings';

export interface Mount {
  /** The registering call (`app.use(...)`, `app.register(...)`). */
  call: Node;
  method: string;
  /** The path argument, when written as a string. */
  path: string | undefined;
  /** The middleware factory call (`cors({...})`) or, for plugins, the plugin reference. */
  middleware: Node;
  /** Arguments after the plugin (Fastify's options), or the factory's own arguments. */
  args: Node[];
}

/** The call an expression stands for: itself, or the initialiser of the name it is. */
function resolveCall(n: Node, names: Map<string, unknown>, depth = 0): Node | undefined {
  const u = unwrap(n);
  if (u.type === 'call_expression' && names.has(unwrap(field(u, 'function')!).text)) return u;
  if (u.type === 'identifier' && depth < 5) {
    const b = findBinding(u, u.text);
    if (b?.kind === 'value' && b.path.length === 0) return resolveCall(b.init, names, depth + 1);
  }
  return undefined;
}

/** Calls `x.<method>(..., factory(opts), ...)` where `factory` is one of `names`. */
export function middlewareMounts(file: CodeFile, names: Map<string, unknown>, methods: readonly string[]): Mount[] {
  const out: Mount[] = [];
  for (const call of callsIn(file.tree.rootNode)) {
    const callee = unwrap(field(call, 'function')!);
    if (callee.type !== 'member_expression') continue;
    const method = field(callee, 'property')?.text ?? '';
    if (!methods.includes(method)) continue;
    const args = callArgs(call);
    for (const arg of args) {
      const factory = resolveCall(arg, names);
      if (factory) out.push({ call, method, path: args[0] ? stringLiteral(args[0]) : undefined, middleware: factory, args: callArgs(factory) });
    }
  }
  return out;
}
