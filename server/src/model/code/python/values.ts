import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile, CodeProject } from '../code-project';
import { comparisonOperators, dottedPy, field, named, pyArgs, pyString, spanOf, tokenOf, unwrapPy } from './ast';
import { findPyBinding, moduleBinding, type PyBinding } from './bindings';
import { isScalar, item, RE_FLAGS, stringMethod, transformed, truthy, unknownPy, withEnv, type PyValue } from './py-value';

export { envOfPy, item, RE_FLAGS, stringsOf, truthy, unknownPy, type PyValue } from './py-value';

/** How deep one evaluation may follow names and imports: the bound that makes cyclic imports terminate. */
const MAX_DEPTH = 40;

/**
 * Evaluates Python expressions of one project: literals and containers,
 * module-level names, names imported from sibling modules, and the
 * environment (`os.environ.get('X', 'default')`, `os.getenv`, `os.environ['X']`)
 * read as its default with a note that the environment decides.
 */
export class PyEvaluator {
  private readonly active = new Set<string>();

  constructor(readonly project: CodeProject) {}

  evaluate(file: CodeFile, node: Node, depth = 0): PyValue {
    const key = `${file.path}#${node.startIndex}:${node.endIndex}`;
    if (depth > MAX_DEPTH || this.active.has(key)) return unknownPy(file, node, 'defined in terms of itself');
    this.active.add(key);
    try {
      return this.inner(file, unwrapPy(node), depth + 1);
    } finally {
      this.active.delete(key);
    }
  }

  /** The value a name has at a place of a file. */
  name(file: CodeFile, at: Node, name: string, depth = 0): PyValue {
    const b = findPyBinding(file, at, name);
    if (!b) return unknownPy(file, at, `\`${name}\` is not defined in this file`);
    return this.bindingValue(file, b, name, depth);
  }

  bindingValue(file: CodeFile, b: PyBinding, name: string, depth: number): PyValue {
    switch (b.kind) {
      case 'value': {
        const v = this.evaluate(file, b.init, depth);
        if (b.index === undefined) return v;
        return v.kind === 'list' ? v.items[b.index] ?? unknownPy(file, b.node, 'unpacked') : unknownPy(file, b.node, 'unpacked at run time');
      }
      case 'function': return { kind: 'function', fn: b.node, node: b.node, file };
      case 'class': return unknownPy(file, b.node, `the class ${name}`);
      case 'param': return unknownPy(file, b.node, `\`${name}\` is a parameter`);
      case 'import': {
        const target = this.project.resolveImport(file, b.module);
        if (b.name === '*') return target ? { kind: 'module', target, node: b.node, file } : unknownPy(file, b.node, `the module ${b.module}`);
        if (target) return this.exported(target, b.name, depth);
        // `from pkg import mod` where `mod` is a module of the package.
        const sub = this.project.resolveImport(file, `${b.module}${b.module.endsWith('.') ? '' : '.'}${b.name}`);
        if (sub) return { kind: 'module', target: sub, node: b.node, file };
        return unknownPy(file, b.node, `imported from ${b.module}`);
      }
    }
  }

  /** A module-level name of another module, as `from m import name` sees it. */
  exported(target: CodeFile, name: string, depth = 0): PyValue {
    const b = moduleBinding(target, name);
    if (b) return this.bindingValue(target, b, name, depth + 1);
    const sub = this.project.resolveImport(target, `.${name}`);
    if (sub && target.path.endsWith('__init__.py')) return { kind: 'module', target: sub, node: target.tree.rootNode, file: target };
    return unknownPy(target, target.tree.rootNode, `${name} is not defined in ${target.path}`);
  }

  private inner(file: CodeFile, n: Node, depth: number): PyValue {
    const base = { node: n, file };
    const text = pyString(n);
    if (text !== undefined) return { kind: 'string', value: text, ...base };
    switch (n.type) {
      case 'string': case 'concatenated_string': return this.fString(file, n, depth);
      case 'integer': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'float': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'true': case 'false': return { kind: 'boolean', value: n.type === 'true', ...base };
      case 'none': return { kind: 'none', ...base };
      case 'list': case 'tuple': case 'expression_list': return this.sequence(file, n, depth, 'list');
      case 'set': return this.sequence(file, n, depth, 'set');
      case 'dictionary': return this.dictionary(file, n, depth);
      case 'identifier': return this.name(file, n, n.text, depth);
      case 'attribute': return this.attribute(file, n, depth);
      case 'subscript': return this.subscript(file, n, depth);
      case 'call': return this.call(file, n, depth);
      case 'lambda': return { kind: 'function', fn: n, ...base };
      case 'conditional_expression': {
        const [yes, cond, no] = named(n);
        const truth = cond ? truthy(this.evaluate(file, cond, depth)) : undefined;
        if (truth !== undefined && yes && no) return this.evaluate(file, truth ? yes : no, depth);
        return unknownPy(file, n, 'chosen at run time');
      }
      case 'boolean_operator': return this.booleanOp(file, n, depth);
      case 'not_operator': {
        const truth = truthy(this.evaluate(file, field(n, 'argument')!, depth));
        return truth === undefined ? unknownPy(file, n, 'computed at run time') : { kind: 'boolean', value: !truth, ...base };
      }
      case 'unary_operator': {
        const arg = this.evaluate(file, field(n, 'argument')!, depth);
        if (arg.kind === 'number' && tokenOf(n) === '-') return { ...arg, value: -arg.value, node: n };
        if (arg.kind === 'number' && tokenOf(n) === '+') return { ...arg, node: n };
        return unknownPy(file, n, 'computed at run time');
      }
      case 'binary_operator': return this.binary(file, n, depth);
      case 'comparison_operator': return this.comparison(file, n, depth);
      case 'list_comprehension': case 'set_comprehension': case 'generator_expression': return this.comprehension(file, n, depth);
      default: return unknownPy(file, n, 'computed at run time');
    }
  }

  /** An f-string whose interpolations are all known. */
  private fString(file: CodeFile, n: Node, depth: number): PyValue {
    const parts = n.type === 'concatenated_string' ? named(n) : [n];
    let out = '';
    const env: NonNullable<PyValue['env']> = [];
    for (const part of parts) {
      const plain = pyString(part);
      if (plain !== undefined) {
        out += plain;
        continue;
      }
      for (const c of named(part)) {
        if (c.type === 'string_content') out += c.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        else if (c.type === 'interpolation') {
          const expr = field(c, 'expression') ?? named(c)[0];
          if (!expr || named(c).length > 1) return unknownPy(file, n, 'formatted at run time');
          const v = this.evaluate(file, expr, depth);
          if (v.kind !== 'string' && v.kind !== 'number') return unknownPy(file, n, 'formatted at run time', v.env);
          out += String(v.value);
          env.push(...(v.env ?? []));
        }
      }
    }
    return withEnv({ kind: 'string', value: out, node: n, file }, env);
  }

  private sequence(file: CodeFile, n: Node, depth: number, kind: 'list' | 'set'): PyValue {
    const items: PyValue[] = [];
    for (const el of named(n)) {
      if (el.type === 'list_splat') {
        const inner = this.evaluate(file, named(el)[0]!, depth);
        if (inner.kind === 'list' || inner.kind === 'set') items.push(...inner.items);
        else return unknownPy(file, n, 'unpacks a value computed at run time', inner.env);
      } else {
        items.push(this.evaluate(file, el, depth));
      }
    }
    return { kind, items, node: n, file };
  }

  private dictionary(file: CodeFile, n: Node, depth: number): PyValue {
    const entries = new Map<string, PyValue>();
    const keyNodes = new Map<string, Node>();
    for (const el of named(n)) {
      if (el.type === 'pair') {
        const key = this.evaluate(file, field(el, 'key')!, depth);
        if (key.kind !== 'string' && key.kind !== 'number') continue;
        entries.set(String(key.value), this.evaluate(file, field(el, 'value')!, depth));
        keyNodes.set(String(key.value), el);
      } else if (el.type === 'dictionary_splat') {
        const inner = this.evaluate(file, named(el)[0]!, depth);
        if (inner.kind === 'dict') for (const [k, v] of inner.entries) entries.set(k, v), keyNodes.set(k, inner.keyNodes.get(k) ?? el);
      }
    }
    return { kind: 'dict', entries, keyNodes, node: n, file };
  }

  private attribute(file: CodeFile, n: Node, depth: number): PyValue {
    const name = dottedPy(n);
    const flag = name && /^re\.([A-Z]+)$/.exec(name);
    if (flag && RE_FLAGS[flag[1]] !== undefined) return { kind: 'number', value: RE_FLAGS[flag[1]], node: n, file };
    const obj = this.evaluate(file, field(n, 'object')!, depth);
    const attr = field(n, 'attribute')!.text;
    if (obj.kind === 'module') return { ...this.exported(obj.target, attr, depth), node: n };
    return unknownPy(file, n, `the attribute ${attr} of a value computed at run time`, obj.env);
  }

  private subscript(file: CodeFile, n: Node, depth: number): PyValue {
    const target = field(n, 'value')!;
    const keyNode = field(n, 'subscript');
    if (!keyNode) return unknownPy(file, n, 'a subscript without a key');
    if (keyNode.type === 'slice') return this.slice(file, n, target, keyNode, depth);
    const env = this.envName(file, target, keyNode, depth);
    // `os.environ['X']` fails when unset, so there is no default to show.
    if (env) return { kind: 'unknown', why: `read from the environment variable ${env}`, node: n, file, env: [{ name: env, at: spanOf(file, n) }] };
    const obj = this.evaluate(file, target, depth);
    const key = this.evaluate(file, keyNode, depth);
    return item(obj, key, n);
  }

  /** `s[a:b]` of a known string or list, with integer bounds (negative ones count from the end). */
  private slice(file: CodeFile, n: Node, target: Node, sl: Node, depth: number): PyValue {
    const bounds: (number | undefined)[] = [undefined, undefined];
    let part = 0;
    for (let i = 0; i < sl.childCount; i++) {
      const c = sl.child(i)!;
      if (!c.isNamed) {
        if (c.text === ':') part++;
        continue;
      }
      const v = this.evaluate(file, c, depth);
      if (v.kind !== 'number' || part > 1) return unknownPy(file, n, 'sliced at run time');
      bounds[part] = v.value;
    }
    const obj = this.evaluate(file, target, depth);
    const len = obj.kind === 'string' ? obj.value.length : obj.kind === 'list' ? obj.items.length : undefined;
    if (len === undefined) return unknownPy(file, n, 'a slice of a value computed at run time', obj.env);
    const norm = (b: number | undefined, d: number) => (b === undefined ? d : b < 0 ? Math.max(0, len + b) : Math.min(b, len));
    const [a, b] = [norm(bounds[0], 0), norm(bounds[1], len)];
    if (obj.kind === 'string') return { ...obj, value: obj.value.slice(a, b), node: n };
    return obj.kind === 'list' ? { ...obj, items: obj.items.slice(a, b), node: n } : unknownPy(file, n, 'sliced');
  }

  private booleanOp(file: CodeFile, n: Node, depth: number): PyValue {
    const op = tokenOf(n);
    const left = this.evaluate(file, field(n, 'left')!, depth);
    const truth = truthy(left);
    if (op === 'or') {
      if (truth === true) return left;
      const right = this.evaluate(file, field(n, 'right')!, depth);
      // Unset is the case the code provides for: take its default and say the environment may change it.
      if (truth === false || left.env) return withEnv(right, [...(left.env ?? []), ...(right.env ?? [])]);
      return unknownPy(file, n, 'chosen at run time');
    }
    if (truth === false) return left;
    if (truth === true) return this.evaluate(file, field(n, 'right')!, depth);
    return unknownPy(file, n, 'chosen at run time', left.env);
  }

  private binary(file: CodeFile, n: Node, depth: number): PyValue {
    const op = tokenOf(n);
    const left = this.evaluate(file, field(n, 'left')!, depth);
    const right = this.evaluate(file, field(n, 'right')!, depth);
    const env = [...(left.env ?? []), ...(right.env ?? [])];
    if (op === '+' && left.kind === 'string' && right.kind === 'string') return withEnv({ kind: 'string', value: left.value + right.value, node: n, file }, env);
    if (op === '+' && left.kind === 'list' && right.kind === 'list') return { kind: 'list', items: [...left.items, ...right.items], node: n, file };
    if (op === '|' && left.kind === 'set' && right.kind === 'set') return { kind: 'set', items: [...left.items, ...right.items], node: n, file };
    if (left.kind === 'number' && right.kind === 'number') {
      const v = op === '+' ? left.value + right.value : op === '-' ? left.value - right.value : op === '*' ? left.value * right.value : op === '|' ? left.value | right.value : undefined;
      if (v !== undefined) return withEnv({ kind: 'number', value: v, node: n, file }, env);
    }
    return unknownPy(file, n, 'computed at run time', env);
  }

  private comparison(file: CodeFile, n: Node, depth: number): PyValue {
    const ops = comparisonOperators(n);
    const operands = named(n);
    if (ops.length !== 1 || operands.length !== 2 || !['==', '!='].includes(ops[0])) return unknownPy(file, n, 'compared at run time');
    const a = this.evaluate(file, operands[0], depth);
    const b = this.evaluate(file, operands[1], depth);
    const env = [...(a.env ?? []), ...(b.env ?? [])];
    if (isScalar(a) && isScalar(b)) {
      const same = a.kind === b.kind && a.value === b.value;
      return withEnv({ kind: 'boolean', value: ops[0] === '==' ? same : !same, node: n, file }, env);
    }
    return unknownPy(file, n, 'compared at run time', env);
  }

  /** `[o.strip() for o in LIST if o]`: the items, transformed the ways that keep them known. */
  private comprehension(file: CodeFile, n: Node, depth: number): PyValue {
    const body = field(n, 'body');
    const clauses = named(n).filter((c) => !body || c.startIndex !== body.startIndex || c.endIndex !== body.endIndex);
    const loop = clauses[0];
    if (!body || loop?.type !== 'for_in_clause' || clauses.length > 2) return unknownPy(file, n, 'built at run time');
    const variable = field(loop, 'left');
    const source = this.evaluate(file, field(loop, 'right')!, depth);
    if (variable?.type !== 'identifier' || (source.kind !== 'list' && source.kind !== 'set')) return unknownPy(file, n, 'built at run time', source.env);
    const filter = clauses[1];
    if (filter && (filter.type !== 'if_clause' || named(filter)[0]?.text !== variable.text)) return unknownPy(file, n, 'filtered at run time');
    const out: PyValue[] = [];
    for (const it of source.items) {
      const mapped = transformed(body, variable.text, it);
      if (!mapped) return unknownPy(file, n, 'built at run time');
      if (filter && truthy(mapped) === false) continue;
      out.push(mapped);
    }
    return { kind: n.type === 'set_comprehension' ? 'set' : 'list', items: out, node: n, file };
  }

  private call(file: CodeFile, n: Node, depth: number): PyValue {
    const callee = unwrapPy(field(n, 'function')!);
    const { positional, keywords } = pyArgs(n);
    const name = this.calleeName(file, callee);
    const env = name === 'os.environ.get' || name === 'os.getenv' ? positional[0] && this.evaluate(file, positional[0], depth) : undefined;
    if (env?.kind === 'string') {
      const fallback = positional[1] ?? keywords.get('default');
      const def: PyValue = fallback ? this.evaluate(file, fallback, depth) : { kind: 'none', node: n, file };
      return withEnv({ ...def, node: def.node }, [{ name: env.value, at: spanOf(file, n) }, ...(def.env ?? [])]);
    }
    if (name === 're.compile' && positional[0]) {
      const pattern = this.evaluate(file, positional[0], depth);
      const flags = positional[1] ?? keywords.get('flags');
      const f = flags ? this.evaluate(file, flags, depth) : undefined;
      if (pattern.kind === 'string' && (!f || f.kind === 'number')) return withEnv({ kind: 'regex', pattern: pattern.value, ignoreCase: !!f && (f.value & 2) !== 0, node: n, file }, pattern.env ?? []);
      if (pattern.kind === 'regex') return pattern;
      return unknownPy(file, n, 'a regex built at run time', pattern.env);
    }
    if (callee.type === 'identifier' && ['list', 'tuple', 'set', 'frozenset', 'sorted'].includes(callee.text)) {
      const arg = positional[0] ? this.evaluate(file, positional[0], depth) : undefined;
      const kind = callee.text === 'set' || callee.text === 'frozenset' ? 'set' : 'list';
      if (!arg) return { kind, items: [], node: n, file };
      if (arg.kind === 'list' || arg.kind === 'set') return { kind, items: arg.items, node: n, file, env: arg.env };
      if (arg.kind === 'string') return { kind, items: [...arg.value].map((c) => ({ kind: 'string' as const, value: c, node: n, file })), node: n, file };
      return unknownPy(file, n, 'converted at run time', arg.env);
    }
    if (callee.type === 'identifier' && callee.text === 'dict' && positional.length === 0) {
      const entries = new Map<string, PyValue>();
      const keyNodes = new Map<string, Node>();
      for (const [k, v] of keywords) entries.set(k, this.evaluate(file, v, depth)), keyNodes.set(k, v.parent ?? v);
      return { kind: 'dict', entries, keyNodes, node: n, file };
    }
    if (callee.type === 'identifier' && (callee.text === 'str' || callee.text === 'int') && positional[0]) {
      const v = this.evaluate(file, positional[0], depth);
      if (callee.text === 'str' && isScalar(v)) return { ...v, kind: 'string', value: String(v.value), node: n } as PyValue;
      if (callee.text === 'int' && (v.kind === 'number' || (v.kind === 'string' && /^\s*[-+]?\d+\s*$/.test(v.value)))) return { kind: 'number', value: Math.trunc(Number(v.value)), node: n, file, env: v.env };
      return unknownPy(file, n, 'converted at run time', v.env);
    }
    if (callee.type === 'attribute') return this.method(file, n, callee, positional, depth);
    return unknownPy(file, n, 'returned by a call');
  }

  private method(file: CodeFile, n: Node, callee: Node, args: Node[], depth: number): PyValue {
    const method = field(callee, 'attribute')!.text;
    const target = this.evaluate(file, field(callee, 'object')!, depth);
    const arg = args[0] ? this.evaluate(file, args[0], depth) : undefined;
    const base = { node: n, file, env: target.env };
    if (target.kind === 'string') {
      if (method === 'split') {
        if (arg && arg.kind !== 'string' && arg.kind !== 'none') return unknownPy(file, n, 'split at run time', target.env);
        const pieces = arg?.kind === 'string' ? target.value.split(arg.value) : target.value.split(/\s+/).filter(Boolean);
        return { kind: 'list', items: pieces.map((value) => ({ kind: 'string' as const, value, ...base })), ...base };
      }
      if (['strip', 'lower', 'upper', 'rstrip', 'lstrip'].includes(method) && (!arg || arg.kind === 'string')) {
        return { kind: 'string', value: stringMethod(target.value, method, arg?.kind === 'string' ? arg.value : undefined), ...base };
      }
      if (method === 'join' && arg && (arg.kind === 'list' || arg.kind === 'set') && arg.items.every((i) => i.kind === 'string')) {
        return { kind: 'string', value: arg.items.map((i) => (i as { value: string }).value).join(target.value), ...base };
      }
    }
    if (target.kind === 'dict' && method === 'get' && arg && (arg.kind === 'string' || arg.kind === 'number')) {
      return target.entries.get(String(arg.value)) ?? (args[1] ? this.evaluate(file, args[1], depth) : { kind: 'none', node: n, file });
    }
    if (target.kind === 'module' && args.length === 0) return unknownPy(file, n, `returned by ${method}()`);
    return unknownPy(file, n, 'returned by a call', target.env);
  }

  /** The dotted name a call target stands for, with names imported from `os`/`re` spelled out (`getenv` → `os.getenv`). */
  calleeName(file: CodeFile, callee: Node): string | undefined {
    const dotted = dottedPy(callee);
    if (!dotted) return undefined;
    const [head, ...rest] = dotted.split('.');
    const b = findPyBinding(file, callee, head!);
    if (b?.kind === 'import') {
      const full = b.name === '*' ? b.module : `${b.module}.${b.name}`;
      return [full, ...rest].join('.');
    }
    return dotted;
  }

  /** `os.environ` subscripted with a literal name: that name. */
  private envName(file: CodeFile, target: Node, key: Node, depth: number): string | undefined {
    if (this.calleeName(file, unwrapPy(target)) !== 'os.environ') return undefined;
    const k = this.evaluate(file, key, depth);
    return k.kind === 'string' ? k.value : undefined;
  }
}

