import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';
import { descendants, field, functionName, named, phpArgs, phpStringLiteral, variableName } from './ast';

/** What a PHP file defines, found in one walk: assignments by variable, constants by name. */
interface FileIndex {
  /** `$x = ...` nodes per variable name, in source order. */
  assignments: Map<string, Node[]>;
  /** `const X = v` and `define('X', v)` values. */
  constants: Map<string, Node>;
}

const indexes = new WeakMap<CodeFile, FileIndex>();
const MAX_NODES = 2_000_000;

function indexOf(file: CodeFile): FileIndex {
  let index = indexes.get(file);
  if (index) return index;
  index = { assignments: new Map(), constants: new Map() };
  let budget = MAX_NODES;
  for (const d of descendants(file.tree.rootNode)) {
    if (budget-- < 0) break;
    if (d.type === 'assignment_expression') {
      const name = variableName(field(d, 'left') ?? d);
      if (name !== undefined) {
        const list = index.assignments.get(name) ?? [];
        list.push(d);
        index.assignments.set(name, list);
      }
    } else if (d.type === 'const_element') {
      const [name, value] = named(d);
      if (name && value && !index.constants.has(name.text)) index.constants.set(name.text, value);
    } else if (d.type === 'function_call_expression' && functionName(d) === 'define') {
      const [name, value] = phpArgs(d);
      const key = name && phpStringLiteral(name);
      if (key && value && !index.constants.has(key)) index.constants.set(key, value);
    }
  }
  indexes.set(file, index);
  return index;
}

/** The right side of the last `$x = ...` that ends before a use of `$x`. */
export function lastAssignment(file: CodeFile, use: Node): Node | undefined {
  const name = variableName(use);
  if (name === undefined) return undefined;
  const list = indexOf(file).assignments.get(name) ?? [];
  let found: Node | undefined;
  for (const a of list) if (a.endIndex <= use.startIndex) found = a;
  return found && field(found, 'right');
}

/** The value a constant is given by `const` or `define`. */
export function constantValue(file: CodeFile, name: string): Node | undefined {
  return indexOf(file).constants.get(name);
}
