import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile, CodeProject } from '../code-project';
import { field, moduleStatements, named, pyArgs, spanOf } from './ast';
import { findPyBinding, type PyBinding } from './bindings';
import { PyEvaluator, truthy, unknownPy, type PyValue } from './values';

/** One upper-case name of a settings module, as the last assignment to it leaves it. */
export interface DjangoSetting {
  name: string;
  value: PyValue;
  /** The assignment statement (`CORS_ALLOW_ALL_ORIGINS = True`), for fixes that rewrite or follow it. */
  statement: Node;
  /** The right-hand side as written. */
  valueNode: Node;
  file: CodeFile;
}

/** `corsheaders.defaults` as the installed package defines them, for `list(default_headers) + [...]`. */
const CORSHEADERS_DEFAULTS: Record<string, Record<string, string[]>> = {
  3: {
    default_headers: ['accept', 'accept-encoding', 'authorization', 'content-type', 'dnt', 'origin', 'user-agent', 'x-csrftoken', 'x-requested-with'],
    default_methods: ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  },
  4: {
    default_headers: ['accept', 'authorization', 'content-type', 'user-agent', 'x-csrftoken', 'x-requested-with'],
    default_methods: ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  },
};

export function corsheadersDefaults(major: number): Record<string, string[]> {
  return CORSHEADERS_DEFAULTS[major >= 4 ? 4 : 3];
}

/**
 * Evaluates settings modules: names a `from .base import *` brought in, and
 * the lists `corsheaders.defaults` exports, are known too.
 */
export class DjangoEvaluator extends PyEvaluator {
  constructor(project: CodeProject, readonly defaults: Record<string, string[]>) {
    super(project);
  }

  override name(file: CodeFile, at: Node, name: string, depth = 0): PyValue {
    const found = super.name(file, at, name, depth);
    if (found.kind !== 'unknown' || findPyBinding(file, at, name) || depth > 30) return found;
    for (const target of starImports(file, this.project)) {
      const v = this.exported(target, name, depth + 1);
      if (v.kind !== 'unknown') return v;
    }
    return found;
  }

  override bindingValue(file: CodeFile, b: PyBinding, name: string, depth: number): PyValue {
    if (b.kind === 'import' && b.module === 'corsheaders.defaults' && this.defaults[b.name]) {
      return { kind: 'list', items: this.defaults[b.name].map((value) => ({ kind: 'string' as const, value, node: b.node, file })), node: b.node, file };
    }
    return super.bindingValue(file, b, name, depth);
  }
}

/** Modules a file star-imports (`from .base import *`), resolved inside the project. */
export function starImports(file: CodeFile, project: CodeProject): CodeFile[] {
  const out: CodeFile[] = [];
  for (const s of moduleStatements(file)) {
    if (s.type !== 'import_from_statement' || !named(s).some((c) => c.type === 'wildcard_import')) continue;
    const module = field(s, 'module_name')?.text.replace(/\s+/g, '');
    const target = module ? project.resolveImport(file, module) : undefined;
    if (target) out.push(target);
  }
  return out;
}

/**
 * The upper-case names of a settings module in the order Django sees them:
 * assignments, `+=` on lists, and star imports of sibling settings modules
 * (`settings/production.py` doing `from .base import *`).
 */
export function readDjangoSettings(file: CodeFile, evaluator: PyEvaluator, seen = new Set<string>()): Map<string, DjangoSetting> {
  const out = new Map<string, DjangoSetting>();
  if (seen.has(file.path) || seen.size > 20) return out;
  seen.add(file.path);
  for (const s of settingsStatements(file, evaluator)) {
    if (s.type === 'import_from_statement' && named(s).some((c) => c.type === 'wildcard_import')) {
      const module = field(s, 'module_name')?.text.replace(/\s+/g, '');
      const target = module ? evaluator.project.resolveImport(file, module) : undefined;
      if (target) for (const [k, v] of readDjangoSettings(target, evaluator, seen)) out.set(k, v);
      continue;
    }
    if (s.type !== 'expression_statement') continue;
    for (const e of named(s)) {
      if (e.type === 'call') {
        listMethodCall(e, file, evaluator, out);
        continue;
      }
      const left = field(e, 'left');
      const right = field(e, 'right');
      if (!left || !right || left.type !== 'identifier' || !/^[A-Z][A-Z0-9_]*$/.test(left.text)) continue;
      if (e.type === 'assignment') {
        out.set(left.text, { name: left.text, value: envDefault(file, right, evaluator) ?? evaluator.evaluate(file, right), statement: e, valueNode: right, file });
      } else if (e.type === 'augmented_assignment') {
        const before = out.get(left.text);
        const added = evaluator.evaluate(file, right);
        const op = e.childForFieldName('operator')?.text ?? '';
        const value: PyValue = before && op === '+=' && before.value.kind === 'list' && added.kind === 'list'
          ? { kind: 'list', items: [...before.value.items, ...added.items], node: e, file }
          : unknownPy(file, e, 'changed at run time');
        out.set(left.text, { name: left.text, value, statement: e, valueNode: right, file });
      }
    }
  }
  return out;
}

/**
 * Module-level statements in order, into `if` branches the settings decide
 * themselves (`if DEBUG:` with `DEBUG = False`); a condition the environment
 * or the code at run time decides keeps every branch, the worst case.
 */
function settingsStatements(file: CodeFile, evaluator: PyEvaluator): Node[] {
  const out: Node[] = [];
  const visit = (block: Node, depth: number) => {
    for (const s of named(block)) {
      out.push(s);
      if (depth >= 4) continue;
      if (s.type === 'if_statement') {
        const branches: [Node | undefined, Node | undefined][] = [[field(s, 'condition'), field(s, 'consequence')]];
        for (const alt of named(s)) {
          if (alt.type === 'elif_clause') branches.push([field(alt, 'condition'), field(alt, 'consequence')]);
          if (alt.type === 'else_clause') branches.push([undefined, field(alt, 'body') ?? named(alt).find((c) => c.type === 'block')]);
        }
        for (const [cond, body] of branches) {
          const value = cond ? evaluator.evaluate(file, cond) : undefined;
          const truth = value && !value.env?.length ? truthy(value) : cond ? undefined : true;
          if (truth !== false && body) visit(body, depth + 1);
          if (truth === true) break;
        }
      } else if (['try_statement', 'with_statement', 'except_clause', 'finally_clause', 'else_clause', 'block'].includes(s.type)) {
        visit(s, depth + 1);
      }
    }
  };
  visit(file.tree.rootNode, 0);
  return out;
}

/** `MIDDLEWARE.insert(0, '...')`, `CORS_ALLOWED_ORIGINS.append('...')`, `.extend([...])` on a list setting read so far. */
function listMethodCall(call: Node, file: CodeFile, evaluator: PyEvaluator, out: Map<string, DjangoSetting>): void {
  const callee = field(call, 'function');
  const target = callee?.type === 'attribute' ? field(callee, 'object') : undefined;
  const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  if (!target || target.type !== 'identifier' || !method || !['append', 'insert', 'extend'].includes(method)) return;
  const before = out.get(target.text);
  if (!before) return;
  const { positional } = pyArgs(call);
  const items = before.value.kind === 'list' ? [...before.value.items] : undefined;
  const added = positional[method === 'insert' ? 1 : 0];
  const value = added ? evaluator.evaluate(file, added) : undefined;
  let result: PyValue | undefined;
  if (items && value && method === 'append') result = { kind: 'list', items: [...items, value], node: call, file };
  if (items && value && method === 'extend' && value.kind === 'list') result = { kind: 'list', items: [...items, ...value.items], node: call, file };
  if (items && value && method === 'insert') {
    const index = evaluator.evaluate(file, positional[0]!);
    if (index.kind === 'number') {
      const at = index.value < 0 ? Math.max(0, items.length + index.value) : Math.min(items.length, index.value);
      items.splice(at, 0, value);
      result = { kind: 'list', items, node: call, file };
    }
  }
  out.set(target.text, { ...before, value: result ?? unknownPy(file, call, 'changed at run time') });
}

/**
 * django-environ: `env.list('NAME', default=[...])`, `env.bool(...)`,
 * `env('NAME', default=...)` on an `environ.Env()` read as their default,
 * with the variable noted, as `os.environ.get` is.
 */
function envDefault(file: CodeFile, node: Node, evaluator: PyEvaluator): PyValue | undefined {
  if (node.type !== 'call') return undefined;
  const callee = field(node, 'function')!;
  const receiver = callee.type === 'attribute' ? field(callee, 'object') : callee;
  if (receiver?.type !== 'identifier') return undefined;
  const b = findPyBinding(file, node, receiver.text);
  if (b?.kind !== 'value' || b.init.type !== 'call' || !/^(environ\.)?Env$/.test(field(b.init, 'function')?.text ?? '')) return undefined;
  const { positional, keywords } = pyArgs(node);
  const name = positional[0] ? evaluator.evaluate(file, positional[0]) : undefined;
  const fallback = keywords.get('default') ?? positional[1];
  if (name?.kind !== 'string' || !fallback) return undefined;
  const value = evaluator.evaluate(file, fallback);
  return { ...value, env: [...(value.env ?? []), { name: name.value, at: spanOf(file, node) }] };
}
