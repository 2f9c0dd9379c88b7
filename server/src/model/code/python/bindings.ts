import type { Node } from '@vscode/tree-sitter-wasm';
import { field, isPyFunction, moduleStatements, named, pyParamNames } from './ast';
import type { CodeFile } from '../code-project';

/** What a Python name refers to at one place of a file. */
export type PyBinding =
  /** `name = init`; `index` picks an element when the left side unpacks a tuple. */
  | { kind: 'value'; init: Node; index?: number; node: Node }
  | { kind: 'function'; node: Node }
  | { kind: 'class'; node: Node }
  /** `from module import name as alias` (`name` is `*` for `import module`). */
  | { kind: 'import'; module: string; name: string; node: Node }
  | { kind: 'param'; fn: Node; index: number; node: Node };

/**
 * The binding of `name` seen from `at`: the enclosing functions first (their
 * parameters and assignments, Python's local scope), then the module. Inside a
 * function a module-level name has its final value (the module ran before any
 * request); at module level, the last assignment before the use.
 */
export function findPyBinding(file: CodeFile, at: Node, name: string): PyBinding | undefined {
  let inFunction = false;
  for (let scope: Node | null = at.parent; scope; scope = scope.parent) {
    if (!isPyFunction(scope)) continue;
    inFunction = true;
    const params = pyParamNames(scope);
    const index = params.indexOf(name);
    if (index >= 0) return { kind: 'param', fn: scope, index, node: scope };
    const body = field(scope, 'body');
    if (body && body.type === 'block') {
      const found = lastBinding(blockStatements(body), name, at.startIndex);
      if (found) return found;
    }
  }
  return pick(moduleIndex(file).get(name), inFunction ? Infinity : at.startIndex);
}

/** A module's own binding of a name, as another module importing it sees it. */
export function moduleBinding(file: CodeFile, name: string): PyBinding | undefined {
  return pick(moduleIndex(file).get(name), Infinity);
}

type Indexed = { start: number; binding: PyBinding }[];
const indexes = new WeakMap<CodeFile, Map<string, Indexed>>();

/** Every module-level binding by name, built once per file: lookups in big modules stay cheap. */
function moduleIndex(file: CodeFile): Map<string, Indexed> {
  let index = indexes.get(file);
  if (index) return index;
  index = new Map();
  for (const s of moduleStatements(file)) {
    for (const name of boundNames(s)) {
      const b = bindingIn(s, name);
      if (!b) continue;
      const list = index.get(name) ?? [];
      list.push({ start: s.startIndex, binding: b });
      index.set(name, list);
    }
  }
  indexes.set(file, index);
  return index;
}

function pick(list: Indexed | undefined, before: number): PyBinding | undefined {
  if (!list) return undefined;
  let found: PyBinding | undefined;
  for (const e of list) if (e.start < before) found = e.binding;
  return found ?? list[0]?.binding;
}

/** The names a statement may bind, as candidates for `bindingIn`. */
function boundNames(stmt: Node): string[] {
  let s = stmt;
  if (s.type === 'decorated_definition') s = field(s, 'definition') ?? s;
  if (s.type === 'function_definition' || s.type === 'class_definition') return [field(s, 'name')?.text ?? ''];
  if (s.type === 'import_from_statement' || s.type === 'import_statement') {
    const out: string[] = [];
    for (let i = 0; i < s.childCount; i++) {
      const c = s.child(i)!;
      if (s.fieldNameForChild(i) !== 'name') continue;
      out.push(c.type === 'aliased_import' ? field(c, 'alias')!.text : c.text.split('.')[0]!);
    }
    return out;
  }
  if (s.type !== 'expression_statement') return [];
  const out: string[] = [];
  for (let e: Node | undefined = named(s)[0]; e && e.type === 'assignment'; e = field(e, 'right')) {
    const left = field(e, 'left');
    if (left?.type === 'identifier') out.push(left.text);
    else if (left?.type === 'pattern_list' || left?.type === 'tuple_pattern') out.push(...named(left).filter((n) => n.type === 'identifier').map((n) => n.text));
  }
  return out;
}

/** Statements of a function body, with those inside its `if`/`try`/`with`/`for` blocks, but not nested functions. */
function blockStatements(block: Node): Node[] {
  const out: Node[] = [];
  const stack: [Node, number][] = [[block, 0]];
  while (stack.length > 0) {
    const [b, depth] = stack.pop()!;
    for (const s of named(b)) {
      out.push(s);
      if (depth < 8 && !isPyFunction(s) && s.type !== 'class_definition' && s.type !== 'decorated_definition' && /statement|clause|block/.test(s.type)) stack.push([s, depth + 1]);
    }
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

function lastBinding(stmts: Node[], name: string, before: number): PyBinding | undefined {
  let found: PyBinding | undefined;
  let fallback: PyBinding | undefined;
  for (const s of stmts) {
    const b = bindingIn(s, name);
    if (!b) continue;
    if (s.startIndex < before) found = b;
    else fallback ??= b;
  }
  return found ?? fallback;
}

function bindingIn(stmt: Node, name: string): PyBinding | undefined {
  let s = stmt;
  if (s.type === 'decorated_definition') s = field(s, 'definition') ?? s;
  if (s.type === 'function_definition' && field(s, 'name')?.text === name) return { kind: 'function', node: s };
  if (s.type === 'class_definition' && field(s, 'name')?.text === name) return { kind: 'class', node: s };
  if (s.type === 'expression_statement') {
    for (const e of named(s)) {
      const b = assignmentBinding(e, name);
      if (b) return b;
    }
  }
  if (s.type === 'import_from_statement') {
    const moduleNode = field(s, 'module_name');
    const module = moduleNode?.text.replace(/\s+/g, '') ?? '';
    for (let i = 0; i < s.childCount; i++) {
      if (s.fieldNameForChild(i) !== 'name') continue;
      const c = s.child(i)!;
      const orig = c.type === 'aliased_import' ? field(c, 'name')!.text : c.text;
      const alias = c.type === 'aliased_import' ? field(c, 'alias')!.text : orig;
      if (alias === name) return { kind: 'import', module, name: orig, node: c };
    }
  }
  if (s.type === 'import_statement') {
    for (const c of named(s)) {
      if (c.type === 'aliased_import' && field(c, 'alias')?.text === name) return { kind: 'import', module: field(c, 'name')!.text, name: '*', node: c };
      // `import a.b` binds `a`, the top package.
      if (c.type === 'dotted_name' && c.text.split('.')[0] === name) return { kind: 'import', module: name, name: '*', node: c };
    }
  }
  return undefined;
}

function assignmentBinding(e: Node, name: string): PyBinding | undefined {
  if (e.type !== 'assignment') return undefined;
  const left = field(e, 'left');
  const right = field(e, 'right');
  if (!left || !right) return undefined;
  // `a = b = value`: every name takes the innermost value.
  const value = right.type === 'assignment' ? innermost(right) : right;
  if (left.type === 'identifier' && left.text === name) return { kind: 'value', init: value, node: e };
  if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && (value.type === 'expression_list' || value.type === 'tuple')) {
    const index = named(left).findIndex((n) => n.type === 'identifier' && n.text === name);
    if (index >= 0) return { kind: 'value', init: value, index, node: e };
  }
  if (right.type === 'assignment') return assignmentBinding(right, name);
  return undefined;
}

function innermost(a: Node): Node {
  let n = a;
  while (n.type === 'assignment' && field(n, 'right')) n = field(n, 'right')!;
  return n;
}
