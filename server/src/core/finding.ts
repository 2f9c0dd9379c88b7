import type { Span } from './range';

export type Severity = 'error' | 'warning' | 'info';

export const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** One text replacement; a fix is a list of them, possibly across files. */
export interface TextEdit {
  file: string;
  /** Offsets into the file's text as read from disk (or the open document). */
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes are applied by `--fix` and `source.fixAll`; the others are offered as suggestions only. */
  safe: boolean;
}

export interface RelatedInfo {
  span: Span;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Stable message id from the rule's metadata, for tests and for code actions. */
  messageId: string;
  /** Values substituted into the message template. */
  data: Record<string, string>;
  message: string;
  span: Span;
  related: RelatedInfo[];
  fixes: Fix[];
}

/** A parse or I/O problem: reported like a finding, under a reserved id. */
export const SYNTAX_RULE_ID = 'syntax-error';
export const INCLUDE_RULE_ID = 'include-error';
export const INPUT_RULE_ID = 'unreadable-input';
export const SUPPRESSION_RULE_ID = 'unknown-suppression';
