import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';
import { dottedPy, field, named, pyArgs, pyString, spanOf, unwrapPy } from './ast';
import { findPyBinding } from './bindings';
import { configOption, type FlaskOptions } from './flask-cors-options';
import type { PyEvaluator, PyValue } from './values';

/**
 * The `CORS_*` settings of a Flask app written in this file, in source order:
 * `app.config['CORS_ORIGINS'] = ...`, `app.config.update(...)`,
 * `app.config.from_mapping(...)` and `app.config.from_object(Class)` for a
 * class of the file. `before` keeps only those written before an offset
 * (the extension reads the config once, when it is set up).
 */
export function applyAppConfig(evaluator: PyEvaluator, file: CodeFile, app: string, options: FlaskOptions, before = Infinity): void {
  const config = `${app}.config`;
  for (const n of file.tree.rootNode.descendantsOfType(['assignment', 'call'])) {
    if (!n || n.startIndex >= before) continue;
    if (n.type === 'assignment') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left?.type !== 'subscript' || !right || dottedPy(field(left, 'value')!) !== config) continue;
      const key = pyString(field(left, 'subscript') ?? left);
      const option = key ? configOption(key) : undefined;
      if (!option) continue;
      const value = evaluator.evaluate(file, right);
      if (value.kind !== 'none') options.set(option, { value, at: spanOf(file, n), valueAt: spanOf(file, right), from: 'config' });
      continue;
    }
    const callee = dottedPy(field(n, 'function')!);
    if (callee !== `${config}.update` && callee !== `${config}.from_mapping` && callee !== `${config}.from_object`) continue;
    const { positional, keywords, keywordNodes } = pyArgs(n);
    if (callee.endsWith('.from_object')) {
      const cls = positional[0] && classAttributes(evaluator, file, unwrapPy(positional[0]));
      if (cls) options.addDict(cls, 'config', true);
      continue;
    }
    const dict = positional[0] ? evaluator.evaluate(file, positional[0]) : undefined;
    if (dict?.kind === 'dict') options.addDict(dict, 'config', true);
    for (const [key, node] of keywords) {
      const option = configOption(key);
      const value = evaluator.evaluate(file, node);
      if (option && value.kind !== 'none') options.set(option, { value, at: spanOf(file, keywordNodes.get(key) ?? node), valueAt: spanOf(file, node), from: 'config' });
    }
  }
}

/** The upper-case attributes of a class defined in the file, as a dict (Flask's `from_object`). */
function classAttributes(evaluator: PyEvaluator, file: CodeFile, ref: Node): (PyValue & { kind: 'dict' }) | undefined {
  if (ref.type !== 'identifier') return undefined;
  const b = findPyBinding(file, ref, ref.text);
  if (b?.kind !== 'class') return undefined;
  const entries = new Map<string, PyValue>();
  const keyNodes = new Map<string, Node>();
  const body = field(b.node, 'body');
  for (const stmt of body ? named(body) : []) {
    const a = stmt.type === 'expression_statement' ? named(stmt)[0] : undefined;
    const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
    const right = a && field(a, 'right');
    if (left?.type !== 'identifier' || !right || left.text !== left.text.toUpperCase()) continue;
    entries.set(left.text, evaluator.evaluate(file, right));
    keyNodes.set(left.text, a!);
  }
  return { kind: 'dict', entries, keyNodes, node: b.node, file };
}
