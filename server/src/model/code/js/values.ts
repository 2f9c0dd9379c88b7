import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CodeFile, CodeProject } from '../code-project';
import { declaredNames, findBinding, type Binding } from './bindings';
import { callArgs, dottedName, field, isFunction, named, operatorOf, spanOf, stringLiteral, unescapeJs, unwrap } from './ast';

/** What a JS expression evaluates to, as far as the text of the project tells. */
export type JsValue = (
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'nullish' }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'array'; items: JsValue[] }
  | { kind: 'set'; items: JsValue[] }
  | { kind: 'object'; props: Map<string, JsValue>; keyNodes: Map<string, Node> }
  | { kind: 'function'; fn: Node }
  | { kind: 'unknown'; why: string }
) & {
  node: Node;
  file: CodeFile;
  /** Environment variables the value was read from; the value shown is the code's default. */
  env?: { name: string; at: Span }[];
};

/** How deep one evaluation may follow names and imports: the bound that makes cyclic imports terminate. */
const MAX_DEPTH = 40;

/**
 * Evaluates expressions of one project: constants, object literals with spreads,
 * names bound elsewhere in the file, values imported from sibling modules and
 * `process.env.X || 'default'`.
 */
export class JsEvaluator {
  private readonly active = new Set<string>();
  private readonly exportsCache = new Map<string, JsValue>();

  constructor(readonly project: CodeProject) {}

  evaluate(file: CodeFile, node: Node, depth = 0): JsValue {
    const key = `${file.path}#${node.startIndex}:${node.endIndex}`;
    if (depth > MAX_DEPTH || this.active.has(key)) return unknown(file, node, 'defined in terms of itself');
    this.active.add(key);
    try {
      return this.evaluateInner(file, unwrap(node), depth + 1);
    } finally {
      this.active.delete(key);
    }
  }

  private evaluateInner(file: CodeFile, n: Node, depth: number): JsValue {
    const base = { node: n, file };
    const literal = stringLiteral(n);
    if (literal !== undefined) return { kind: 'string', value: literal, ...base };
    switch (n.type) {
      case 'number': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'true': case 'false': return { kind: 'boolean', value: n.type === 'true', ...base };
      case 'null': case 'undefined': return { kind: 'nullish', ...base };
      case 'regex': {
        const pattern = field(n, 'pattern')?.text ?? '';
        return { kind: 'regex', pattern, flags: field(n, 'flags')?.text ?? '', ...base };
      }
      case 'template_string': return this.template(file, n, depth);
      case 'array': return this.array(file, n, depth);
      case 'object': return this.object(file, n, depth);
      case 'identifier': case 'shorthand_property_identifier': return this.identifier(file, n, depth);
      case 'member_expression': case 'subscript_expression': return this.member(file, n, depth);
      case 'binary_expression': return this.binary(file, n, depth);
      case 'ternary_expression': {
        const cond = this.evaluate(file, field(n, 'condition')!, depth);
        const truth = truthiness(cond);
        if (truth !== undefined) return this.evaluate(file, field(n, truth ? 'consequence' : 'alternative')!, depth);
        return unknown(file, n, 'chosen at run time');
      }
      case 'call_expression': return this.call(file, n, depth);
      case 'new_expression': return this.construct(file, n, depth);
      case 'unary_expression': {
        const arg = this.evaluate(file, field(n, 'argument')!, depth);
        const truth = truthiness(arg);
        if (operatorOf(n) === '!' && truth !== undefined) return { kind: 'boolean', value: !truth, ...base };
        if (operatorOf(n) === '-' && arg.kind === 'number') return { kind: 'number', value: -arg.value, ...base };
        return unknown(file, n, 'computed at run time');
      }
      default:
        if (isFunction(n)) return { kind: 'function', fn: n, ...base };
        return unknown(file, n, 'computed at run time');
    }
  }

  private template(file: CodeFile, n: Node, depth: number): JsValue {
    let text = '';
    const env: NonNullable<JsValue['env']> = [];
    let last = n.startIndex + 1;
    for (const part of named(n)) {
      if (part.type !== 'template_substitution') continue;
      text += unescapeJs(file.text.slice(last, part.startIndex));
      const inner = this.evaluate(file, named(part)[0]!, depth);
      if (inner.kind !== 'string' && inner.kind !== 'number') return unknown(file, n, 'built at run time');
      text += String(inner.value);
      env.push(...(inner.env ?? []));
      last = part.endIndex;
    }
    text += unescapeJs(file.text.slice(last, n.endIndex - 1));
    return withEnv({ kind: 'string', value: text, node: n, file }, env);
  }

  private array(file: CodeFile, n: Node, depth: number): JsValue {
    const items: JsValue[] = [];
    for (const el of named(n)) {
      if (el.type === 'spread_element') {
        const inner = this.evaluate(file, named(el)[0]!, depth);
        if (inner.kind === 'array' || inner.kind === 'set') items.push(...inner.items);
        else return unknown(file, n, 'spreads a value computed at run time');
      } else {
        items.push(this.evaluate(file, el, depth));
      }
    }
    return { kind: 'array', items, node: n, file };
  }

  private object(file: CodeFile, n: Node, depth: number): JsValue {
    const props = new Map<string, JsValue>();
    const keyNodes = new Map<string, Node>();
    for (const el of named(n)) {
      if (el.type === 'pair') {
        const keyNode = field(el, 'key')!;
        const key = keyNode.type === 'property_identifier' ? keyNode.text : stringLiteral(keyNode) ?? (keyNode.type === 'number' ? keyNode.text : undefined);
        if (key === undefined) continue;
        props.set(key, this.evaluate(file, field(el, 'value')!, depth));
        keyNodes.set(key, el);
      } else if (el.type === 'shorthand_property_identifier') {
        props.set(el.text, this.evaluate(file, el, depth));
        keyNodes.set(el.text, el);
      } else if (el.type === 'method_definition') {
        const name = field(el, 'name')?.text;
        if (name) {
          props.set(name, { kind: 'function', fn: el, node: el, file });
          keyNodes.set(name, el);
        }
      } else if (el.type === 'spread_element') {
        const inner = this.evaluate(file, named(el)[0]!, depth);
        // Later keys win, as in the language; an unknown spread hides what it may set.
        if (inner.kind === 'object') for (const [k, v] of inner.props) props.set(k, v), keyNodes.set(k, inner.keyNodes.get(k) ?? el);
      }
    }
    return { kind: 'object', props, keyNodes, node: n, file };
  }

  private identifier(file: CodeFile, n: Node, depth: number): JsValue {
    if (n.text === 'undefined') return { kind: 'nullish', node: n, file };
    const binding = findBinding(n, n.text);
    if (!binding) return unknown(file, n, `\`${n.text}\` is not defined in this file`);
    return this.bindingValue(file, binding, n.text, depth);
  }

  bindingValue(file: CodeFile, binding: Binding, name: string, depth: number): JsValue {
    switch (binding.kind) {
      case 'value': {
        const value = this.evaluate(file, binding.init, depth);
        return binding.path.reduce<JsValue>((v, key) => property(v, key, binding.init), value);
      }
      case 'function': return { kind: 'function', fn: binding.node, node: binding.node, file };
      case 'import': {
        const target = this.project.resolveImport(file, binding.source);
        if (!target) return unknown(file, binding.node, `imported from ${binding.source}`);
        const exported = this.moduleExports(target, depth);
        if (binding.name === '*') return exported;
        const direct = property(exported, binding.name, binding.node);
        // `import x from './cjs'` reads `module.exports` itself.
        if (binding.name === 'default' && direct.kind === 'unknown' && exported.kind === 'object' && !exported.props.has('default')) return exported;
        return direct;
      }
      case 'param': return unknown(file, binding.node, `\`${name}\` is a parameter`);
    }
  }

  /** What a module exports, as an object of its export names (`default` for the default export). */
  moduleExports(file: CodeFile, depth = 0): JsValue {
    const cached = this.exportsCache.get(file.path);
    if (cached) return cached;
    const root = file.tree.rootNode;
    const placeholder = unknown(file, root, 'a cyclic import');
    this.exportsCache.set(file.path, placeholder);
    const props = new Map<string, JsValue>();
    const keyNodes = new Map<string, Node>();
    let whole: JsValue | undefined;
    for (const stmt of named(root)) {
      if (stmt.type === 'export_statement') {
        const decl = field(stmt, 'declaration');
        const value = field(stmt, 'value');
        if (decl) {
          for (const [name, node] of declaredNames(decl)) {
            const binding = findBinding(node, name);
            if (binding) props.set(name, this.bindingValue(file, binding, name, depth + 1)), keyNodes.set(name, node);
          }
        } else if (value) {
          props.set('default', this.evaluate(file, value, depth + 1));
        } else {
          const source = field(stmt, 'source');
          for (const spec of named(stmt).filter((c) => c.type === 'export_clause').flatMap(named)) {
            const local = field(spec, 'name')!.text;
            const alias = field(spec, 'alias')?.text ?? local;
            if (source) {
              const target = this.project.resolveImport(file, stringLiteral(source) ?? '');
              props.set(alias, target ? property(this.moduleExports(target, depth + 1), local, spec) : unknown(file, spec, 're-exported'));
            } else {
              const binding = findBinding(spec, local);
              if (binding) props.set(alias, this.bindingValue(file, binding, local, depth + 1));
            }
          }
        }
        continue;
      }
      const expr = stmt.type === 'expression_statement' ? unwrap(named(stmt)[0]!) : undefined;
      if (expr?.type !== 'assignment_expression') continue;
      const left = dottedName(field(expr, 'left')!);
      const right = field(expr, 'right')!;
      if (left === 'module.exports') whole = this.evaluate(file, right, depth + 1);
      else if (left?.startsWith('exports.') || left?.startsWith('module.exports.')) {
        const name = left.slice(left.lastIndexOf('.') + 1);
        props.set(name, this.evaluate(file, right, depth + 1));
      }
    }
    let result: JsValue = whole ?? { kind: 'object', props, keyNodes, node: root, file };
    if (whole?.kind === 'object') for (const [k, v] of props) whole.props.set(k, v);
    if (whole && whole.kind !== 'object') result = whole;
    this.exportsCache.set(file.path, result);
    return result;
  }

  private member(file: CodeFile, n: Node, depth: number): JsValue {
    const name = dottedName(n);
    if (name?.startsWith('process.env.') || name?.startsWith('import.meta.env.')) {
      const env = name.slice(name.lastIndexOf('env.') + 4);
      return { kind: 'unknown', why: `read from the environment variable ${env}`, node: n, file, env: [{ name: env, at: spanOf(file, n) }] };
    }
    const objNode = field(n, 'object')!;
    const obj = this.evaluate(file, objNode, depth);
    const propNode = field(n, 'property') ?? field(n, 'index');
    const key = propNode?.type === 'property_identifier' ? propNode.text : propNode && stringLiteral(propNode);
    if (key === undefined) return unknown(file, n, 'a computed property');
    return property(obj, key, n);
  }

  private binary(file: CodeFile, n: Node, depth: number): JsValue {
    const op = operatorOf(n);
    const left = this.evaluate(file, field(n, 'left')!, depth);
    if (op === '||' || op === '??') {
      const truth = op === '??' ? (left.kind === 'nullish' ? false : left.kind === 'unknown' ? undefined : true) : truthiness(left);
      if (truth === true) return left;
      const right = this.evaluate(file, field(n, 'right')!, depth);
      // Unset is the case the code provides for: take its default and say the environment may change it.
      if (truth === false || left.env) return withEnv(right, [...(left.env ?? []), ...(right.env ?? [])]);
      return unknown(file, n, 'chosen at run time');
    }
    const right = this.evaluate(file, field(n, 'right')!, depth);
    if (op === '+' && (left.kind === 'string' || right.kind === 'string') && isScalar(left) && isScalar(right)) {
      return withEnv({ kind: 'string', value: String(left.value) + String(right.value), node: n, file }, [...(left.env ?? []), ...(right.env ?? [])]);
    }
    if (op === '&&') {
      const truth = truthiness(left);
      return truth === false ? left : truth === true ? right : unknown(file, n, 'chosen at run time');
    }
    return unknown(file, n, 'computed at run time');
  }

  private call(file: CodeFile, n: Node, depth: number): JsValue {
    const callee = unwrap(field(n, 'function')!);
    const args = callArgs(n);
    if (callee.type === 'identifier' && callee.text === 'require' && args[0]) {
      const spec = stringLiteral(args[0]);
      const target = spec !== undefined ? this.project.resolveImport(file, spec) : undefined;
      return target ? this.moduleExports(target, depth) : unknown(file, n, `required from ${spec ?? 'a computed path'}`);
    }
    if (callee.type === 'member_expression') {
      const method = field(callee, 'property')?.text;
      const name = dottedName(callee);
      if ((name === 'Object.freeze' || name === 'Object.seal') && args[0]) return this.evaluate(file, args[0], depth);
      const target = this.evaluate(file, field(callee, 'object')!, depth);
      if (method === 'split' && target.kind === 'string' && args[0]) {
        const sep = this.evaluate(file, args[0], depth);
        if (sep.kind === 'string') return { kind: 'array', items: target.value.split(sep.value).map((value) => ({ kind: 'string' as const, value, node: n, file, env: target.env })), node: n, file };
      }
      if (target.kind === 'array' && (method === 'map' || method === 'filter') && args[0] && isHarmlessTransform(args[0], method)) {
        const items = target.items.map((item) => (item.kind === 'string' && method === 'map' ? { ...item, value: item.value.trim() } : item));
        return { kind: 'array', items: method === 'filter' ? items.filter((i) => truthiness(i) !== false) : items, node: n, file };
      }
      if (target.kind === 'array' && method === 'concat') {
        const items = [...target.items];
        for (const a of args) {
          const v = this.evaluate(file, a, depth);
          if (v.kind === 'array') items.push(...v.items);
          else items.push(v);
        }
        return { kind: 'array', items, node: n, file };
      }
      if (target.kind === 'string' && (method === 'trim' || method === 'toLowerCase')) {
        return { ...target, value: method === 'trim' ? target.value.trim() : target.value.toLowerCase(), node: n };
      }
    }
    return unknown(file, n, 'returned by a call');
  }

  private construct(file: CodeFile, n: Node, depth: number): JsValue {
    const ctor = field(n, 'constructor')?.text;
    const args = callArgs(n);
    if (ctor === 'Set') {
      const init = args[0] ? this.evaluate(file, args[0], depth) : undefined;
      if (!init) return { kind: 'set', items: [], node: n, file };
      if (init.kind === 'array' || init.kind === 'set') return { kind: 'set', items: init.items, node: n, file };
    }
    if (ctor === 'RegExp' && args[0]) {
      const source = this.evaluate(file, args[0], depth);
      const flags = args[1] ? this.evaluate(file, args[1], depth) : undefined;
      if (source.kind === 'string' && (!flags || flags.kind === 'string')) return { kind: 'regex', pattern: source.value, flags: flags?.kind === 'string' ? flags.value : '', node: n, file, env: source.env };
      if (source.kind === 'regex') return { ...source, node: n };
    }
    return unknown(file, n, 'constructed at run time');
  }
}

function isScalar(v: JsValue): v is JsValue & { value: string | number } {
  return v.kind === 'string' || v.kind === 'number';
}

/** `.map(s => s.trim())` and `.filter(Boolean)` keep the values as written. */
function isHarmlessTransform(arg: Node, method: string): boolean {
  const a = unwrap(arg);
  if (method === 'filter') return a.text === 'Boolean' || /^\(?\s*\w+\s*\)?\s*=>\s*\w+(\.length)?$/.test(a.text);
  return /^\(?\s*(\w+)\s*\)?\s*=>\s*\1\.trim\(\)$/.test(a.text);
}

export function unknown(file: CodeFile, node: Node, why: string): JsValue {
  return { kind: 'unknown', why, node, file };
}

function withEnv(v: JsValue, env: NonNullable<JsValue['env']>): JsValue {
  return env.length === 0 ? v : { ...v, env };
}

/** Whether a value is truthy, when that is known. */
export function truthiness(v: JsValue): boolean | undefined {
  switch (v.kind) {
    case 'string': return v.value !== '';
    case 'number': return v.value !== 0 && !Number.isNaN(v.value);
    case 'boolean': return v.value;
    case 'nullish': return false;
    case 'unknown': return undefined;
    default: return true;
  }
}

export function property(v: JsValue, key: string, at: Node): JsValue {
  if (v.kind === 'object') return v.props.get(key) ?? { kind: 'nullish', node: at, file: v.file };
  if (v.kind === 'array' && key === 'length') return { kind: 'number', value: v.items.length, node: at, file: v.file };
  return { kind: 'unknown', why: `property ${key} of a value computed at run time`, node: at, file: v.file, env: v.env };
}

/** Every environment variable a value (or anything inside it) was read from. */
export function envOf(v: JsValue): { name: string; at: Span }[] {
  const out = [...(v.env ?? [])];
  if (v.kind === 'array' || v.kind === 'set') for (const i of v.items) out.push(...envOf(i));
  return out;
}
