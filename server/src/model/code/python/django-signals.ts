import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CodeFile } from '../code-project';
import { decoratorsOf, descendants, field, isPyFunction, named, pyArgs, spanOf, unwrapPy } from './ast';
import { findPyBinding } from './bindings';
import { truthy, type PyEvaluator } from './values';

/** What a `check_request_enabled` receiver answers: every request (a constant true), or something the model cannot see. */
export interface SignalReceiver {
  answer: 'any' | 'opaque';
  at: Span;
}

const SIGNAL = 'check_request_enabled';

/**
 * Receivers of django-cors-headers' `check_request_enabled` in a file,
 * connected with `.connect(fn)` or `@receiver(check_request_enabled)`. Any
 * truthy answer allows the request's origin (and enables CORS on its URL), so
 * a receiver that returns a constant true lets every origin in; a constant
 * false one changes nothing and is left out.
 */
export function signalReceivers(file: CodeFile, evaluator: PyEvaluator): SignalReceiver[] {
  if (!file.text.includes(SIGNAL)) return [];
  const out: SignalReceiver[] = [];
  for (const n of descendants(file.tree.rootNode)) {
    let fn: Node | undefined;
    if (n.type === 'call') {
      const callee = unwrapPy(field(n, 'function')!);
      if (callee.type !== 'attribute' || field(callee, 'attribute')?.text !== 'connect' || field(callee, 'object')?.text !== SIGNAL) continue;
      fn = receiverFunction(file, pyArgs(n).positional[0]);
      if (!fn) {
        out.push({ answer: 'opaque', at: spanOf(file, n) });
        continue;
      }
    } else if (n.type === 'function_definition' && decoratorsOf(n).some((d) => d.type === 'call' && pyArgs(d).positional.some((a) => a.text === SIGNAL))) {
      fn = n;
    } else {
      continue;
    }
    const answer = constantAnswer(file, fn, evaluator);
    if (answer.value !== false) out.push({ answer: answer.value === true ? 'any' : 'opaque', at: spanOf(file, answer.at ?? field(fn, 'name') ?? fn) });
  }
  return out;
}

function receiverFunction(file: CodeFile, arg: Node | undefined): Node | undefined {
  if (!arg) return undefined;
  const n = unwrapPy(arg);
  if (isPyFunction(n)) return n;
  if (n.type !== 'identifier') return undefined;
  const b = findPyBinding(file, n, n.text);
  return b?.kind === 'function' ? b.node : undefined;
}

/** The receiver's answer when it does not depend on the request: a lambda's body, or a body that is one `return`. */
function constantAnswer(file: CodeFile, fn: Node, evaluator: PyEvaluator): { value: boolean | undefined; at?: Node } {
  const body = field(fn, 'body');
  if (!body) return { value: undefined };
  let expr: Node | undefined;
  if (fn.type === 'lambda') expr = body;
  else {
    const stmts = named(body).filter((s) => s.type !== 'expression_statement' || named(s)[0]?.type !== 'string');
    if (stmts.length !== 1 || stmts[0].type !== 'return_statement') return { value: undefined };
    expr = named(stmts[0])[0];
    if (!expr) return { value: false };
  }
  const value = evaluator.evaluate(file, expr);
  return { value: value.env?.length ? undefined : truthy(value), at: expr };
}
