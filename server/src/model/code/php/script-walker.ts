import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { ValueCase, ValuePart } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import type { HandlerPath, SetHeader } from '../js/handler-paths';
import { descendants, field, functionName, named, phpArgs, phpStringLiteral, spanOf, statementsOf, unescapeDouble, unwrapPhp, variableName } from './ast';
import { lastAssignment } from './file-index';
import { both, negate, phpCondition, type PhpCheckContext } from './origin-checks';
import type { PhpEvaluator } from './values';

const MAX_PATHS = 64;

interface Walk {
  path: HandlerPath;
  ended: boolean;
  /** Ended by `return`: the end of the script at the top, of the function inside one. */
  returned?: boolean;
}

/**
 * Runs a PHP script (one request) symbolically for one method, splitting on
 * checks of the Origin: the `header()` calls, `http_response_code()` and
 * `exit` of each path. `header()` replaces an earlier header of the same name
 * (any case) unless its second argument is `false`; a throw or fatal error
 * answers 500 with the headers set so far.
 */
export class ScriptWalker {
  private budget = 3000;
  readonly ctx: PhpCheckContext;

  /** The method this walk is about, upper-case; a name no literal equals stands for every method the script never names. */
  constructor(private readonly evaluator: PhpEvaluator, private readonly file: CodeFile, private readonly method: string) {
    this.ctx = { evaluator, isOrigin: (n) => this.isOrigin(unwrapPhp(n)) };
  }

  run(stmts: Node[]): HandlerPath[] {
    return this.block(stmts, { guard: { kind: 'any' }, headers: [], status: 'unset', route: [] }, 0).map((w) => w.path);
  }

  isOrigin(n: Node): boolean {
    return this.requestHeader(n) === 'origin';
  }

  /**
   * The request header (lower-case) an expression reads: `$_SERVER['HTTP_X_Y']`,
   * `getallheaders()['X-Y']`, with `?? ''` or an `isset(...) ? ... : ''` guard
   * (an absent header is the empty string, as the model treats it), or a
   * variable assigned one of those.
   */
  requestHeader(n: Node, depth = 0): string | undefined {
    if (n.type === 'subscript_expression') {
      const [target, index] = named(n);
      const key = index && phpStringLiteral(index);
      if (!target || !key) return undefined;
      if (variableName(target) === '_SERVER' && key.startsWith('HTTP_')) return key.slice(5).toLowerCase().replace(/_/g, '-');
      if (target.type === 'function_call_expression' && /^(getallheaders|apache_request_headers)$/.test(functionName(target) ?? '')) return key.toLowerCase();
      return undefined;
    }
    const emptyFallback = (x: Node | undefined) => {
      const v = x && this.evaluator.evaluate(x);
      return !!v && (v.kind === 'null' || (v.kind === 'string' && v.value === ''));
    };
    if (n.type === 'binary_expression' && (field(n, 'operator')?.text ?? n.child(1)?.text) === '??') {
      return emptyFallback(field(n, 'right')) ? this.requestHeader(unwrapPhp(field(n, 'left')!), depth) : undefined;
    }
    if (n.type === 'conditional_expression') {
      const body = field(n, 'body');
      return body && emptyFallback(field(n, 'alternative')) ? this.requestHeader(unwrapPhp(body), depth) : undefined;
    }
    if (n.type === 'function_call_expression' && (functionName(n) === 'trim' || functionName(n) === 'strval') && phpArgs(n)[0]) return this.requestHeader(unwrapPhp(phpArgs(n)[0]), depth);
    if (n.type === 'variable_name' && depth < 4) {
      const right = lastAssignment(this.file, n);
      return right ? this.requestHeader(unwrapPhp(right), depth + 1) : undefined;
    }
    return undefined;
  }

  private block(stmts: Node[], start: HandlerPath, depth: number): Walk[] {
    let walks: Walk[] = [{ path: start, ended: false }];
    for (const s of stmts) {
      const next: Walk[] = [];
      for (const w of walks) {
        if (w.ended) next.push(w);
        else next.push(...this.statement(s, w.path, depth));
      }
      walks = next.length > MAX_PATHS ? next.slice(0, MAX_PATHS) : next;
    }
    return walks;
  }

  private statement(s: Node, p: HandlerPath, depth: number): Walk[] {
    if (--this.budget < 0 || depth > 12) return [{ path: { ...p, status: 'unknown' }, ended: true }];
    switch (s.type) {
      case 'expression_statement': {
        const e = unwrapPhp(named(s)[0] ?? s);
        return this.expression(e, p, depth);
      }
      case 'compound_statement': return this.block(statementsOf(s), p, depth + 1);
      case 'exit_statement': return [{ path: p, ended: true }];
      case 'return_statement': return [{ path: p, ended: true, returned: true }];
      case 'if_statement': return this.ifStatement(s, p, depth);
      case 'switch_statement': return this.switchStatement(s, p, depth);
      case 'throw_expression': return [{ path: { ...p, status: 500, statusAt: spanOf(this.file, s) }, ended: true }];
      default: return [{ path: p, ended: false }];
    }
  }

  private ifStatement(s: Node, p: HandlerPath, depth: number): Walk[] {
    const alts = named(s).filter((c) => c.type === 'else_if_clause' || c.type === 'else_clause');
    return this.ifLike(unwrapPhp(field(s, 'condition')!), statementsOf(field(s, 'body')), alts, p, depth);
  }

  /** `if (c) {...} elseif (d) {...} else {...}`: an `elseif` is an `if` whose alternatives are the clauses after it. */
  private ifLike(cond: Node, body: Node[], alts: Node[], p: HandlerPath, depth: number): Walk[] {
    const otherwise = (q: HandlerPath): Walk[] => {
      const [first, ...others] = alts;
      if (!first) return [{ path: q, ended: false }];
      if (first.type === 'else_clause') return this.block(statementsOf(field(first, 'body') ?? named(first)[0]), q, depth + 1);
      return this.ifLike(unwrapPhp(field(first, 'condition')!), statementsOf(field(first, 'body')), others, q, depth + 1);
    };
    return this.split(cond, (q) => this.block(body, q, depth + 1), otherwise, p);
  }

  /**
   * `switch ($_SERVER['REQUEST_METHOD'])` runs the matching case (strict
   * string match, as the literals are compared) and falls through to `break`;
   * a switch on anything else is routing: every case is a way through.
   */
  private switchStatement(s: Node, p: HandlerPath, depth: number): Walk[] {
    const subject = unwrapPhp(field(s, 'condition') ?? s);
    const cases = named(field(s, 'body') ?? s).filter((c) => c.type === 'case_statement' || c.type === 'default_statement');
    const bodyFrom = (i: number): Node[] => {
      const out: Node[] = [];
      for (const c of cases.slice(i)) {
        for (const st of named(c).filter((x) => x !== field(c, 'value'))) {
          if (st.type === 'break_statement') return out;
          out.push(st);
        }
      }
      return out;
    };
    if (this.isMethod(subject)) {
      let i = cases.findIndex((c) => c.type === 'case_statement' && phpStringLiteral(field(c, 'value') ?? c)?.toUpperCase() === this.method);
      if (i < 0) i = cases.findIndex((c) => c.type === 'default_statement');
      return i < 0 ? [{ path: p, ended: false }] : this.block(bodyFrom(i), p, depth + 1);
    }
    const text = subject.text.length > 40 ? `${subject.text.slice(0, 37)}...` : subject.text;
    const walks = cases.flatMap((c, i) => this.block(bodyFrom(i), { ...p, route: [...p.route, `switch (${text}) case ${i + 1}`] }, depth + 1));
    if (!cases.some((c) => c.type === 'default_statement')) walks.push({ path: { ...p, route: [...p.route, `switch (${text}) no case`] }, ended: false });
    return walks;
  }

  /** Both ways through a condition: decided for the method, split on the Origin, or a routing choice kept as such. */
  private split(cond: Node, yes: (q: HandlerPath) => Walk[], no: (q: HandlerPath) => Walk[], p: HandlerPath): Walk[] {
    const method = this.methodTest(cond);
    if (method === true) return yes(p);
    if (method === false) return no({ ...p });
    if (this.mentionsOrigin(cond)) {
      const m = phpCondition(this.ctx, cond);
      return [...yes({ ...p, guard: both(p.guard, m) }), ...no({ ...p, guard: both(p.guard, negate(m)) })];
    }
    const text = cond.text.length > 60 ? `${cond.text.slice(0, 57)}...` : cond.text;
    return [...yes({ ...p, route: [...p.route, text] }), ...no({ ...p, route: [...p.route, `!(${text})`] })];
  }

  /** Whether a condition reads the Origin, also through a variable that holds a check (`$ok = in_array($origin, ...)`). */
  private mentionsOrigin(n: Node, depth = 0): boolean {
    for (const d of descendants(n)) {
      const x = unwrapPhp(d);
      if (this.isOrigin(x)) return true;
      if (x.type === 'variable_name' && depth < 3) {
        const right = lastAssignment(this.file, x);
        if (right && this.mentionsOrigin(right, depth + 1)) return true;
      }
    }
    return false;
  }

  /** The methods the script compares `REQUEST_METHOD` with (upper-case), each of which may take its own way. */
  methodsNamed(): string[] {
    const out = new Set<string>();
    for (const d of descendants(this.file.tree.rootNode)) {
      if (d.type === 'binary_expression' && ['===', '==', '!==', '!='].includes(field(d, 'operator')?.text ?? d.child(1)?.text ?? '')) {
        const l = unwrapPhp(field(d, 'left')!), r = unwrapPhp(field(d, 'right')!);
        const lit = this.isMethod(l) ? phpStringLiteral(r) : this.isMethod(r) ? phpStringLiteral(l) : undefined;
        if (lit) out.add(lit.toUpperCase());
      } else if (d.type === 'switch_statement' && this.isMethod(unwrapPhp(field(d, 'condition') ?? d))) {
        for (const c of named(field(d, 'body') ?? d)) {
          const v = c.type === 'case_statement' ? phpStringLiteral(field(c, 'value') ?? c) : undefined;
          if (v) out.add(v.toUpperCase());
        }
      }
      if (out.size > 12) break;
    }
    return [...out];
  }

  /** `$_SERVER['REQUEST_METHOD'] === 'OPTIONS'` and the like, decided for the method this walk is about. */
  private methodTest(n: Node): boolean | undefined {
    if (n.type === 'unary_op_expression' && n.text.trimStart().startsWith('!') && named(n)[0]) {
      const inner = this.methodTest(unwrapPhp(named(n)[0]));
      return inner === undefined ? undefined : !inner;
    }
    if (n.type !== 'binary_expression') return undefined;
    const op = (field(n, 'operator')?.text ?? n.child(1)?.text ?? '').toLowerCase();
    const l = unwrapPhp(field(n, 'left')!), r = unwrapPhp(field(n, 'right')!);
    if (op === '&&' || op === 'and' || op === '||' || op === 'or') {
      const a = this.methodTest(l), b = this.methodTest(r);
      if (op === '&&' || op === 'and') return a === false || b === false ? false : a === true && b === true ? true : undefined;
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    if (!['===', '==', '!==', '!='].includes(op)) return undefined;
    const [m, lit] = this.isMethod(l) ? [l, r] : this.isMethod(r) ? [r, l] : [];
    if (!m || !lit) return undefined;
    const value = phpStringLiteral(lit);
    if (value === undefined) return undefined;
    const equal = value.toUpperCase() === this.method;
    return op.startsWith('!') ? !equal : equal;
  }

  private isMethod(n: Node, depth = 0): boolean {
    if (n.type === 'subscript_expression') {
      const [target, index] = named(n);
      return !!target && variableName(target) === '_SERVER' && !!index && phpStringLiteral(index) === 'REQUEST_METHOD';
    }
    if (n.type === 'function_call_expression' && functionName(n) === 'strtoupper' && phpArgs(n)[0]) return this.isMethod(unwrapPhp(phpArgs(n)[0]), depth);
    if (n.type === 'variable_name' && depth < 4) {
      const right = lastAssignment(this.file, n);
      return !!right && this.isMethod(unwrapPhp(right), depth + 1);
    }
    return false;
  }

  private expression(e: Node, p: HandlerPath, depth: number): Walk[] {
    if (e.type === 'throw_expression') return [{ path: { ...p, status: 500, statusAt: spanOf(this.file, e) }, ended: true }];
    if (e.type === 'exit_statement') return [{ path: p, ended: true }];
    // Another script answers from here: its status is the app's decision.
    if (/^(require|include)(_once)?_expression$/.test(e.type)) return [{ path: { ...p, status: p.status === 'unset' ? 'app' : p.status }, ended: false }];
    if (e.type !== 'function_call_expression') return [{ path: p, ended: false }];
    const name = functionName(e);
    const args = phpArgs(e);
    const at = spanOf(this.file, e);
    if (name === 'header' && args[0]) return [{ path: this.header(p, args, at), ended: false }];
    if (name === 'http_response_code' && args[0]) {
      const v = this.evaluator.evaluate(args[0]);
      return [{ path: { ...p, status: v.kind === 'number' ? v.value : 'app', statusAt: at }, ended: false }];
    }
    if (name === 'header_remove') {
      const v = args[0] ? this.evaluator.evaluate(args[0]) : undefined;
      if (!args[0]) return [{ path: { ...p, headers: [] }, ended: false }];
      if (v?.kind === 'string') return [{ path: { ...p, headers: p.headers.filter((h) => h.name.toLowerCase() !== v.value.toLowerCase()) }, ended: false }];
      return [{ path: p, ended: false }];
    }
    if (name === 'die') return [{ path: p, ended: true }];
    // A function of this file without parameters, called for its effect (`cors();`).
    const fn = name && functionDefinition(this.file, name);
    if (fn && depth < 6) {
      return this.block(statementsOf(field(fn, 'body')), p, depth + 1).map((w) => (w.returned ? { path: w.path, ended: false } : w));
    }
    return [{ path: p, ended: false }];
  }

  private header(p: HandlerPath, args: Node[], at: Span): HandlerPath {
    const parts = this.parts(args[0], 0);
    const replace = args[1] ? this.evaluator.evaluate(args[1]) : undefined;
    const code = args[2] ? this.evaluator.evaluate(args[2]) : undefined;
    let q = p;
    if (code?.kind === 'number' && code.value > 0) q = { ...q, status: code.value, statusAt: at };
    if (!parts) return q;
    const first = parts.cases[0]?.parts[0];
    const lead = first?.kind === 'text' ? first.text : '';
    const status = /^HTTP\/\S+\s+(\d{3})/i.exec(lead);
    if (status) return { ...q, status: Number(status[1]), statusAt: at };
    const colon = lead.indexOf(':');
    if (colon <= 0 || parts.cases.some((c) => c.parts[0]?.kind !== 'text' || !(c.parts[0] as { text: string }).text.startsWith(lead.slice(0, colon + 1)))) return q;
    const name = lead.slice(0, colon).trim();
    const cases: ValueCase[] = parts.cases.map((c) => {
      const head = (c.parts[0] as { text: string }).text.slice(colon + 1).replace(/^[ \t]+/, '');
      const rest: ValuePart[] = head ? [{ kind: 'text', text: head }, ...c.parts.slice(1)] : c.parts.slice(1);
      return { ...c, parts: trimEnd(rest) };
    });
    const mode: SetHeader['mode'] = replace?.kind === 'boolean' && !replace.value ? 'add' : 'set';
    const h: SetHeader = { name, value: parts.unknown ? 'unknown' : { cases }, mode, at };
    const key = name.toLowerCase();
    if (mode === 'set') return { ...q, headers: [...q.headers.filter((x) => x.name.toLowerCase() !== key), h] };
    return { ...q, headers: [...q.headers, h] };
  }

  /** A header line as origin-dependent cases of text and the request Origin. */
  private parts(node: Node, depth: number): { cases: ValueCase[]; unknown?: boolean } | undefined {
    const n = unwrapPhp(node);
    const at = spanOf(this.file, n);
    const one = (parts: ValuePart[]): { cases: ValueCase[] } => ({ cases: [{ when: { kind: 'any' }, parts, at }] });
    if (depth > 8) return undefined;
    const header = this.requestHeader(n);
    if (header === 'origin') return one([{ kind: 'origin' }]);
    if (header) return one([{ kind: 'request-header', name: header }]);
    if (n.type === 'binary_expression' && (field(n, 'operator')?.text ?? n.child(1)?.text) === '.') {
      const l = this.parts(field(n, 'left')!, depth + 1), r = this.parts(field(n, 'right')!, depth + 1);
      if (!l || !r) return l && { cases: l.cases, unknown: true };
      const cases: ValueCase[] = [];
      for (const a of l.cases) for (const b of r.cases) {
        const when = both(a.when, b.when);
        if (when.kind !== 'none') cases.push({ when, parts: [...a.parts, ...b.parts], at: a.when.kind === 'any' ? b.at : a.at });
      }
      return { cases: cases.map((c) => ({ ...c, parts: joinText(c.parts) })), unknown: l.unknown || r.unknown };
    }
    if (n.type === 'encapsed_string') {
      let acc: { cases: ValueCase[]; unknown?: boolean } = one([]);
      for (const part of named(n)) {
        const text = part.type === 'string_content' ? part.text : part.type === 'escape_sequence' ? unescapeDouble(part.text) : undefined;
        const piece: { cases: ValueCase[]; unknown?: boolean } | undefined = text !== undefined ? one([{ kind: 'text', text }]) : this.parts(part, depth + 1);
        if (!piece) return { cases: acc.cases, unknown: true };
        acc = { cases: acc.cases.flatMap((a) => piece.cases.map((b) => ({ when: both(a.when, b.when), parts: joinText([...a.parts, ...b.parts]), at: a.at }))), unknown: acc.unknown || piece.unknown };
      }
      return acc;
    }
    if (n.type === 'function_call_expression' && functionName(n) === 'sprintf') {
      // `sprintf('Name: %s', $origin)`: the format's pieces around each `%s`/`%d` and the arguments in order.
      const [format, ...rest] = phpArgs(n);
      const f = format && phpStringLiteral(format);
      if (f === undefined || /%(?![sd%])/.test(f)) return undefined;
      let acc: { cases: ValueCase[]; unknown?: boolean } = one([]);
      let arg = 0;
      for (const piece of f.split(/(%[sd%])/)) {
        const next: { cases: ValueCase[]; unknown?: boolean } | undefined = piece === '%%' ? one([{ kind: 'text', text: '%' }]) : piece === '%s' || piece === '%d' ? (rest[arg] ? this.parts(rest[arg++], depth + 1) : undefined) : one(piece ? [{ kind: 'text', text: piece }] : []);
        if (!next) return { cases: acc.cases, unknown: true };
        acc = { cases: acc.cases.flatMap((a) => next.cases.map((b) => ({ when: both(a.when, b.when), parts: joinText([...a.parts, ...b.parts]), at: a.at }))), unknown: acc.unknown || next.unknown };
      }
      return acc;
    }
    if (n.type === 'conditional_expression' && field(n, 'body')) {
      const cond = field(n, 'condition')!;
      const yes = this.parts(field(n, 'body')!, depth + 1), no = this.parts(field(n, 'alternative')!, depth + 1);
      if (!yes || !no || !this.mentionsOrigin(cond)) return undefined;
      const m = phpCondition(this.ctx, cond);
      return { cases: [...yes.cases.map((c) => ({ ...c, when: both(m, c.when) })), ...no.cases], unknown: yes.unknown || no.unknown };
    }
    const v = this.evaluator.evaluate(n);
    if (v.kind === 'string' || v.kind === 'number') return one(String(v.value) === '' ? [] : [{ kind: 'text', text: String(v.value) }]);
    return undefined;
  }
}

function joinText(parts: ValuePart[]): ValuePart[] {
  const out: ValuePart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
    else if (!(p.kind === 'text' && p.text === '')) out.push(p);
  }
  return out;
}

/** PHP drops trailing spaces of a header value. */
function trimEnd(parts: ValuePart[]): ValuePart[] {
  const last = parts[parts.length - 1];
  if (last?.kind !== 'text') return parts;
  const text = last.text.replace(/[ \t]+$/, '');
  return text ? [...parts.slice(0, -1), { kind: 'text', text }] : parts.slice(0, -1);
}

function functionDefinition(file: CodeFile, name: string): Node | undefined {
  for (const d of named(file.tree.rootNode)) {
    if (d.type === 'function_definition' && field(d, 'name')?.text.toLowerCase() === name && named(field(d, 'parameters') ?? d).length === 0) return d;
  }
  return undefined;
}

export type { OriginMatcher };
