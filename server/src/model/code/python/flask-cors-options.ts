import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { PolicyNote } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import { spanOf } from './ast';
import { envOfPy, type PyEvaluator, type PyValue } from './values';

/** One option as flask-cors receives it: its value and where it was written (the keyword, the config entry). */
export interface FlaskOption {
  value: PyValue;
  /** The `key=value` keyword, the `'key': value` pair or the `app.config[...] = value` statement. */
  at: Span;
  /** The value alone, for fixes that rewrite it. */
  valueAt: Span;
  /** Where the option came from: a keyword of a call, a resource's dict, or the app's `CORS_*` config. */
  from: 'keyword' | 'resource' | 'config';
}

/** The option names flask-cors knows (its `DEFAULT_OPTIONS` keys); `CORS_X` config keys map to `x`. */
export const FLASK_CORS_OPTIONS = [
  'origins', 'methods', 'allow_headers', 'expose_headers', 'supports_credentials', 'max_age', 'send_wildcard',
  'automatic_options', 'vary_header', 'resources', 'intercept_exceptions', 'always_send', 'allow_private_network',
];

/**
 * Options merged the way `get_cors_options` merges them: the defaults, then
 * the app's `CORS_*` config, then each dict of keywords in order, the last
 * one winning.
 */
export class FlaskOptions {
  readonly values = new Map<string, FlaskOption>();
  readonly notes: PolicyNote[] = [];
  /** Keyword splats (`**opts`) whose keys are unknown: any option may hide there. */
  opaque: Span | undefined;

  constructor(readonly evaluator: PyEvaluator, readonly at: Span) {}

  set(key: string, option: FlaskOption): void {
    this.values.set(key, option);
    for (const e of envOfPy(option.value)) {
      if (this.notes.some((n) => n.at.file === e.at.file && n.at.range.start.offset === e.at.range.start.offset)) continue;
      this.notes.push({ kind: 'depends-on-environment', message: `Read from the environment variable ${e.name}; the model uses the default written in the code.`, at: e.at });
    }
  }

  /** Keywords of a call: `key=value`, and the keys of a `**dict` that evaluates. */
  addKeywords(file: CodeFile, keywords: Map<string, Node>, keywordNodes: Map<string, Node>, splats: Node[], from: FlaskOption['from'] = 'keyword'): void {
    for (const splat of splats) {
      if (splat.type !== 'dictionary_splat') continue;
      const v = this.evaluator.evaluate(file, splat.namedChild(0)!);
      if (v.kind === 'dict') this.addDict(v, from);
      else this.opaque = spanOf(file, splat);
    }
    for (const [key, node] of keywords) {
      const value = this.evaluator.evaluate(file, node);
      this.set(key, { value, at: spanOf(file, keywordNodes.get(key) ?? node), valueAt: spanOf(file, node), from });
    }
  }

  /** The entries of an evaluated dict (a resource's options, `app.config.update({...})`). */
  addDict(dict: PyValue & { kind: 'dict' }, from: FlaskOption['from'], configKeys = false): void {
    for (const [rawKey, value] of dict.entries) {
      const key = configKeys ? configOption(rawKey) : rawKey;
      if (!key) continue;
      const keyNode = dict.keyNodes.get(rawKey) ?? value.node;
      this.set(key, { value, at: spanOf(dict.file, keyNode), valueAt: spanOf(value.file, value.node), from });
    }
  }

  get(key: string): FlaskOption | undefined {
    return this.values.get(key);
  }

  /** A copy, for a resource's options on top of these. */
  clone(at: Span): FlaskOptions {
    const copy = new FlaskOptions(this.evaluator, at);
    for (const [k, v] of this.values) copy.values.set(k, v);
    copy.notes.push(...this.notes);
    copy.opaque = this.opaque;
    return copy;
  }

  /** Python truthiness of an option, the default when it is absent, undefined when it cannot be told. */
  flag(key: string, fallback: boolean): boolean | undefined {
    const o = this.values.get(key);
    if (!o) return fallback;
    switch (o.value.kind) {
      case 'boolean': return o.value.value;
      case 'none': return fallback;
      case 'number': return o.value.value !== 0;
      case 'string': return o.value.value !== '';
      default: return undefined;
    }
  }

  /** Where an option is written, or the call when it is not. */
  where(key: string): Span {
    return this.values.get(key)?.at ?? this.at;
  }
}

/** `CORS_ORIGINS` → `origins`; other config keys are not flask-cors options. */
export function configOption(key: string): string | undefined {
  if (!key.startsWith('CORS_')) return undefined;
  const name = key.slice(5).toLowerCase();
  return FLASK_CORS_OPTIONS.includes(name) ? name : undefined;
}
