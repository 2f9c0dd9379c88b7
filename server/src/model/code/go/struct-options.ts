import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { PolicyNote } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { field, spanOf } from './ast';
import { analyseOriginFunc, type OriginDecision } from './origin-func';
import { envOf, stringItems, type GoEvaluator, type GoValue } from './values';

/** A `cors.Options{...}` / `cors.Config{...}` value as the library receives it. */
export class StructOptions {
  readonly notes: PolicyNote[] = [];
  constructor(
    readonly evaluator: GoEvaluator,
    readonly value: GoValue | undefined,
    /** The call that receives the options, for defaults written nowhere. */
    readonly at: Span,
  ) {
    if (value) this.noteEnv(value);
  }

  /** The options could be read (a literal, or a name that resolves to one). */
  get known(): boolean {
    return !this.value || this.value.kind === 'struct';
  }

  get(key: string): GoValue | undefined {
    return this.value?.kind === 'struct' ? this.value.props.get(key) : undefined;
  }

  /** The span of `Key: value` (or of the assignment), else of the call. */
  where(key: string): Span {
    const node = this.value?.kind === 'struct' ? this.value.keyNodes.get(key) : undefined;
    return node && this.value ? spanOf(this.value.file, node) : this.at;
  }

  /** A bool field: false when absent (Go's zero value), undefined when computed at run time. */
  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (!v) return false;
    return v.kind === 'boolean' ? v.value : undefined;
  }

  /** A number field, 0 when absent. */
  number(key: string): number | undefined {
    const v = this.get(key);
    if (!v) return 0;
    return v.kind === 'number' ? v.value : undefined;
  }

  /** A `[]string` field: [] when absent or nil, undefined when not known. */
  strings(key: string): string[] | undefined {
    return stringItems(this.get(key));
  }

  /** The function of a func field, when it is a literal or a named function of the package. */
  func(key: string): { fn: Node; file: CodeFile } | 'nil' | 'unknown' | undefined {
    const v = this.get(key);
    if (!v) return undefined;
    if (v.kind === 'nil') return 'nil';
    if (v.kind === 'func' && field(v.fn, 'body')) return { fn: v.fn, file: v.file };
    return 'unknown';
  }

  /** The decisions of an origin callback field, or one opaque case when it cannot be read. */
  decisions(key: string, originParam = 0): OriginDecision[] {
    const f = this.func(key);
    const at = this.where(key);
    if (f === undefined || f === 'nil') return [];
    if (f === 'unknown') {
      // `re.MatchString` passed as the callback itself.
      const v = this.get(key)!;
      if (v.node.type === 'selector_expression' && v.node.childForFieldName('field')?.text === 'MatchString' && originParam === 0) {
        const re = this.evaluator.evaluate(v.file, v.node.childForFieldName('operand')!);
        if (re.kind === 'regex') {
          const pattern = re.node.type === 'call_expression' ? re.node.childForFieldName('arguments')?.namedChild(0) ?? re.node : re.node;
          const when: OriginMatcher = { kind: 'regex', pattern: re.pattern, flavor: 'go', mode: 'search', caseInsensitive: false, at: spanOf(re.file, pattern) };
          return [{ when, answer: 'allow', at }, { when: { kind: 'any' }, answer: 'deny', at }];
        }
      }
      return [{ when: { kind: 'opaque', description: `the ${key} callback`, at }, answer: 'unknown', at }];
    }
    return analyseOriginFunc(this.evaluator, f.file, f.fn, originParam);
  }

  private noteEnv(v: GoValue): void {
    for (const e of envOf(v)) {
      if (this.notes.some((n) => n.at.range.start.offset === e.at.range.start.offset)) continue;
      this.notes.push({ kind: 'depends-on-environment', message: `Read from the environment variable ${e.name}: the model uses the default the code falls back to, or leaves the value open when there is none.`, at: e.at });
    }
  }
}

/** The matchers of decisions that answer true, in order, for the policies' branches. */
export function decisionMatchers(decisions: OriginDecision[]): { when: OriginMatcher; allowed: boolean | 'unknown'; at: Span }[] {
  return decisions.map((d) => ({ when: d.when, allowed: d.answer === 'allow' ? true : d.answer === 'deny' ? false : 'unknown', at: d.at }));
}
