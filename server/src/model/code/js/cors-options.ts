import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { PolicyNote } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { spanOf } from './ast';
import type { OptionsTarget } from './fix-targets';
import { listItemMatcher, regexMatcher, type CheckContext } from './origin-checks';
import { analyseOriginFunction, type OriginOutcome } from './origin-function';
import { envOf, type JsEvaluator, type JsValue } from './values';

/** An options object as the library receives it: values by key and where each key was written. */
export class OptionsReader {
  readonly notes: PolicyNote[] = [];
  constructor(
    readonly evaluator: JsEvaluator,
    readonly value: JsValue | undefined,
    /** Where the options are passed (the call), for defaults that are written nowhere. */
    readonly at: Span,
  ) {
    if (value) this.noteEnv(value);
  }

  get known(): boolean {
    return !this.value || this.value.kind === 'object' || this.value.kind === 'nullish';
  }

  get(key: string): JsValue | undefined {
    if (this.value?.kind !== 'object') return undefined;
    const v = this.value.props.get(key);
    if (v) this.noteEnv(v);
    return v;
  }

  /** The span of the `key: value` pair, or of the options when the key is absent. */
  where(key: string): Span {
    if (this.value?.kind === 'object') {
      const node = this.value.keyNodes.get(key);
      if (node) return spanOf(this.value.file, node);
    }
    return this.at;
  }

  /** The span of the value of `key`, for fixes that rewrite it. */
  valueAt(key: string): Span {
    const v = this.get(key);
    return v ? spanOf(v.file, v.node) : this.at;
  }

  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (!v) return undefined;
    if (v.kind === 'boolean') return v.value;
    if (v.kind === 'nullish') return false;
    return undefined;
  }

  /** A string option, or an array of strings joined as the library joins them. */
  list(key: string, sep: string): string | undefined | null {
    const v = this.get(key);
    if (!v || v.kind === 'nullish') return undefined;
    if (v.kind === 'string') return v.value;
    if (v.kind === 'number') return String(v.value);
    if (v.kind === 'array' && v.items.every((i) => i.kind === 'string')) return v.items.map((i) => (i as { value: string }).value).join(sep);
    return null;
  }

  private noteEnv(v: JsValue): void {
    for (const e of envOf(v)) {
      if (this.notes.some((n) => n.at.range.start.offset === e.at.range.start.offset && n.at.file === e.at.file)) continue;
      this.notes.push({ kind: 'depends-on-environment', message: `Read from the environment variable ${e.name}; the model uses the default written in the code.`, at: e.at });
    }
  }
}

/** The shapes an `origin` option takes before a library interprets it. */
export type OriginSpec =
  | { kind: 'absent' }
  | { kind: 'string'; value: string; at: Span }
  | { kind: 'boolean'; value: boolean; at: Span }
  | { kind: 'nullish'; at: Span }
  | { kind: 'list'; items: JsValue[]; at: Span }
  | { kind: 'regex'; value: JsValue & { kind: 'regex' }; at: Span }
  | { kind: 'function'; value: JsValue & { kind: 'function' }; at: Span }
  | { kind: 'unknown'; why: string; at: Span };

export function originSpec(v: JsValue | undefined): OriginSpec {
  if (!v) return { kind: 'absent' };
  const at = spanOf(v.file, v.node);
  switch (v.kind) {
    case 'string': return { kind: 'string', value: v.value, at };
    case 'boolean': return { kind: 'boolean', value: v.value, at };
    case 'nullish': return { kind: 'nullish', at };
    case 'array': case 'set': return { kind: 'list', items: v.items, at };
    case 'regex': return { kind: 'regex', value: v, at };
    case 'function': return { kind: 'function', value: v, at };
    case 'number': return { kind: 'unknown', why: 'a number', at };
    case 'object': return { kind: 'unknown', why: 'an object', at };
    case 'unknown': return { kind: 'unknown', why: v.why, at };
  }
}

/** What the library does for the origins of one case. */
export type OriginAnswer =
  | { kind: 'star'; at: Span }
  | { kind: 'fixed'; value: string; at: Span }
  /** Echo the Origin when one of the matchers admits it; no ACAO otherwise (the other headers still go out). */
  | { kind: 'echo-if'; matchers: { when: OriginMatcher; at: Span }[]; at: Span }
  /** No ACAO, the other headers still go out. */
  | { kind: 'no-acao'; at: Span }
  /** The middleware steps aside: no CORS headers at all. */
  | { kind: 'none'; at: Span }
  | { kind: 'error'; at: Span; why: string }
  | { kind: 'hangs'; at: Span }
  | { kind: 'unknown'; why: string; at: Span };

export interface OriginCase {
  when: OriginMatcher;
  answer: OriginAnswer;
}

/** The entries of an allowlist as matchers with the spans where they are written. */
export function listMatchers(ctx: CheckContext, items: JsValue[], regexReset: boolean): { when: OriginMatcher; at: Span }[] {
  return items.map((item) => {
    const at = spanOf(item.file, item.node);
    if (item.kind === 'regex') return { when: regexMatcher(ctx, item, regexReset), at };
    if (item.kind === 'array') return { when: { kind: 'opaque', description: 'a nested list', at }, at };
    return { when: listItemMatcher(ctx, item, 'test'), at };
  });
}

export function checkContext(evaluator: JsEvaluator, file: CodeFile, statefulRegexes: boolean): CheckContext {
  return { file, evaluator, statefulRegexes, isOrigin: () => false };
}

/** A function option read as ordered cases, each outcome turned into what this library does with it. */
export function functionCases(
  evaluator: JsEvaluator,
  fn: JsValue & { kind: 'function' },
  style: 'callback' | 'return',
  interpret: (outcome: OriginOutcome) => OriginAnswer,
  isOrigin?: (node: Node) => boolean,
): OriginCase[] {
  return analyseOriginFunction(evaluator, fn, style, isOrigin).map((d) => ({ when: d.when, answer: interpret(d.outcome) }));
}

export function nodeSpan(file: CodeFile, node: Node): Span {
  return spanOf(file, node);
}

/** Where fixes rewrite these options. */
export function optionsTarget(reader: OptionsReader, call: Node, file: CodeFile): OptionsTarget {
  const v = reader.value;
  const origin = v?.kind === 'object' ? v.props.get('origin') : undefined;
  return {
    call: spanOf(file, call),
    object: v?.kind === 'object' && v.node.type === 'object' ? spanOf(v.file, v.node) : undefined,
    origin: origin ? spanOf(origin.file, origin.node) : undefined,
  };
}
