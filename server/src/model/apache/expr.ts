/**
 * The part of httpd's `ap_expr` language that CORS configurations use, as a
 * condition on the request: the method, the `Origin` header (compared, matched
 * or tested for presence), other headers' presence, environment variables.
 * Anything else becomes `opaque` and is reported as such, never guessed.
 */
export type ExprCond =
  | { k: 'const'; v: boolean }
  | { k: 'method'; methods: string[] }
  | { k: 'method-re'; pattern: string; ci: boolean }
  | { k: 'origin-eq'; value: string; ci: boolean }
  | { k: 'origin-re'; pattern: string; ci: boolean }
  /** A request header other than Origin is present and non-empty (`name` lower-case, `as` as written). */
  | { k: 'header'; name: string; as: string }
  /** An environment variable is set (`-n %{reqenv:X}`, `-n env('X')`). */
  | { k: 'env'; name: string }
  | { k: 'not'; c: ExprCond }
  | { k: 'and' | 'or'; a: ExprCond; b: ExprCond }
  | { k: 'opaque'; text: string };

type Operand =
  | { t: 'method' }
  | { t: 'header'; name: string; as: string }
  | { t: 'env'; name: string }
  | { t: 'str'; value: string }
  | { t: 'regex'; pattern: string; ci: boolean }
  | { t: 'list'; items: Operand[] }
  | { t: 'other'; text: string };

type Tok = { s: string; kind: 'op' | 'str' | 'var' | 'regex' | 'word' };

const TOKEN = /\s*(?:(&&|\|\||==|!=|=~|!~|<=|>=|-n\b|-z\b|-[a-zA-Z]+\b|[!(){},<>])|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(%\{[^}]*\})|(\/(?:[^/\\]|\\.)*\/i?|m([#|!%])(?:(?!\5).)*\5i?)|([A-Za-z_][\w:.-]*(?:\([^)]*\))?|[^\s()]+))/y;

function tokenize(text: string): Tok[] | undefined {
  const toks: Tok[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length) {
    const before = TOKEN.lastIndex;
    if (/^\s*$/.test(text.slice(before))) break;
    m = TOKEN.exec(text);
    if (!m || TOKEN.lastIndex === before) return undefined;
    if (m[1]) toks.push({ s: m[1], kind: 'op' });
    else if (m[2]) toks.push({ s: m[2].slice(1, -1).replace(/\\(.)/g, '$1'), kind: 'str' });
    else if (m[3]) toks.push({ s: m[3], kind: 'var' });
    else if (m[4]) toks.push({ s: m[4], kind: 'regex' });
    else toks.push({ s: m[6], kind: 'word' });
  }
  return toks;
}

function variable(v: string): Operand {
  const inner = v.slice(2, -1);
  const colon = inner.indexOf(':');
  if (colon < 0) {
    if (inner.toUpperCase() === 'REQUEST_METHOD') return { t: 'method' };
    return { t: 'other', text: v };
  }
  const kind = inner.slice(0, colon).toLowerCase();
  const name = inner.slice(colon + 1);
  if (kind === 'http' || kind === 'req' || kind === 'req_novary') return { t: 'header', name: name.toLowerCase(), as: name };
  if (kind === 'env' || kind === 'reqenv') return { t: 'env', name };
  return { t: 'other', text: v };
}

function call(word: string): Operand {
  const m = /^(\w+)\(\s*['"]([^'"]*)['"]\s*\)$/.exec(word);
  if (m) {
    const f = m[1].toLowerCase();
    if (f === 'req' || f === 'http' || f === 'req_novary') return { t: 'header', name: m[2].toLowerCase(), as: m[2] };
    if (f === 'reqenv' || f === 'env') return { t: 'env', name: m[2] };
  }
  return { t: 'other', text: word };
}

function regexOperand(s: string): Operand {
  const ci = s.endsWith('i');
  const body = ci ? s.slice(0, -1) : s;
  const pattern = body.startsWith('m') ? body.slice(2, -1) : body.slice(1, -1);
  return { t: 'regex', pattern, ci };
}

/** Parses an expression; a syntax it does not know yields `opaque` with the text. */
export function parseExpr(text: string): ExprCond {
  const toks = tokenize(text.trim());
  if (!toks) return { k: 'opaque', text };
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const opaque: ExprCond = { k: 'opaque', text };

  const operand = (): Operand | undefined => {
    const t = toks[i++];
    if (!t) return undefined;
    if (t.kind === 'str') return { t: 'str', value: t.s };
    if (t.kind === 'var') return variable(t.s);
    if (t.kind === 'regex') return regexOperand(t.s);
    if (t.kind === 'op' && t.s === '{') {
      const items: Operand[] = [];
      while (peek() && peek()!.s !== '}') {
        const o = operand();
        if (!o) return undefined;
        items.push(o);
        if (peek()?.s === ',') i++;
      }
      i++;
      return { t: 'list', items };
    }
    if (t.kind === 'word') return /\(/.test(t.s) ? call(t.s) : { t: 'other', text: t.s };
    return undefined;
  };

  const primary = (): ExprCond => {
    const t = peek();
    if (!t) return opaque;
    if (t.s === '!') {
      i++;
      return { k: 'not', c: primary() };
    }
    if (t.s === '(') {
      i++;
      const c = disjunction();
      if (peek()?.s === ')') i++;
      return c;
    }
    if (t.kind === 'word' && (t.s === 'true' || t.s === 'false')) {
      i++;
      return { k: 'const', v: t.s === 'true' };
    }
    if (t.s === '-n' || t.s === '-z') {
      i++;
      const o = operand();
      const present = presence(o);
      return t.s === '-n' ? present : negate(present);
    }
    const left = operand();
    const op = peek();
    if (!left || !op || op.kind !== 'op' || !['==', '!=', '=~', '!~', 'in'].includes(op.s)) {
      if (op?.kind === 'word' && op.s === 'in') return inList(left);
      return opaque;
    }
    i++;
    const right = operand();
    if (!right) return opaque;
    return compare(left, op.s, right, text);
  };

  const inList = (left: Operand | undefined): ExprCond => {
    i++;
    const right = operand();
    if (!left || !right || right.t !== 'list') return opaque;
    const values = right.items.filter((x): x is { t: 'str'; value: string } => x.t === 'str').map((x) => x.value);
    if (left.t === 'method') return { k: 'method', methods: values.map((v) => v.toUpperCase()) };
    if (left.t === 'header' && left.name === 'origin') return values.map((v): ExprCond => ({ k: 'origin-eq', value: v, ci: false })).reduce((a, b) => ({ k: 'or', a, b }), { k: 'const', v: false });
    return opaque;
  };

  const conjunction = (): ExprCond => {
    let c = primary();
    while (peek()?.s === '&&') {
      i++;
      c = { k: 'and', a: c, b: primary() };
    }
    return c;
  };
  const disjunction = (): ExprCond => {
    let c = conjunction();
    while (peek()?.s === '||') {
      i++;
      c = { k: 'or', a: c, b: conjunction() };
    }
    return c;
  };
  const result = disjunction();
  return i < toks.length ? opaque : result;
}

function negate(c: ExprCond): ExprCond {
  return c.k === 'opaque' ? c : { k: 'not', c };
}

function presence(o: Operand | undefined): ExprCond {
  if (o?.t === 'header') return o.name === 'origin' ? { k: 'not', c: { k: 'origin-eq', value: '', ci: false } } : { k: 'header', name: o.name, as: o.as };
  if (o?.t === 'env') return { k: 'env', name: o.name };
  if (o?.t === 'method') return { k: 'const', v: true };
  if (o?.t === 'str') return { k: 'const', v: o.value !== '' };
  return { k: 'opaque', text: `-n ${o?.t === 'other' ? o.text : '?'}` };
}

function compare(left: Operand, op: string, right: Operand, text: string): ExprCond {
  const positive = op === '==' || op === '=~';
  let c: ExprCond | undefined;
  if ((op === '==' || op === '!=') && right.t === 'str') {
    if (left.t === 'method') c = { k: 'method', methods: [right.value] };
    else if (left.t === 'header' && left.name === 'origin') c = { k: 'origin-eq', value: right.value, ci: false };
  }
  if ((op === '=~' || op === '!~') && right.t === 'regex') {
    if (left.t === 'header' && left.name === 'origin') c = { k: 'origin-re', pattern: right.pattern, ci: right.ci };
    else if (left.t === 'method') c = { k: 'method-re', pattern: right.pattern, ci: right.ci };
  }
  if (!c) return { k: 'opaque', text };
  return positive ? c : negate(c);
}
