import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/finding';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, type FixData } from './protocol';
import { TextPositions } from './text-positions';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITY[severity];
}

export interface ConversionContext {
  /** The text each file had when it was analysed, for offsets in fixes. */
  textOf(file: string): string | undefined;
  uriOf(file: string): string;
  /** The docs page of a rule, or undefined for ids without one (syntax errors). */
  docsOf(ruleId: string): string | undefined;
  /** The version of the diagnosed document, if it is open. */
  versionOf(file: string): number | null;
}

/**
 * A finding as an LSP diagnostic: `code` is the rule id, fixes travel in `data`.
 *
 * { ruleId: 'max-age-capped', severity: 'info', span: {...} } → { code: 'max-age-capped', severity: 3, source: 'cors-preflight', ... }
 */
export function findingToDiagnostic(finding: Finding, ctx: ConversionContext, positions: PositionCache): Diagnostic {
  const fixes: FixData[] = [];
  for (const fix of finding.fixes) {
    const edits: FixData['edits'] = [];
    for (const edit of fix.edits) {
      const at = positions.of(edit.file, ctx);
      if (!at) break;
      edits.push({ uri: ctx.uriOf(edit.file), range: { start: at.at(edit.start), end: at.at(edit.end) }, newText: edit.newText });
    }
    // A fix touching a file whose text is unknown cannot be shown safely.
    if (edits.length === fix.edits.length) fixes.push({ title: fix.title, safe: fix.safe, edits });
  }
  const data: DiagnosticData = { ruleId: finding.ruleId, version: ctx.versionOf(finding.span.file), fixes };
  const diagnostic: Diagnostic = {
    range: { start: pos(finding.span.range.start), end: pos(finding.span.range.end) },
    severity: toLspSeverity(finding.severity),
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  const docs = ctx.docsOf(finding.ruleId);
  if (docs) diagnostic.codeDescription = { href: docs };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: ctx.uriOf(r.span.file), range: { start: pos(r.span.range.start), end: pos(r.span.range.end) } },
      message: r.message,
    }));
  }
  return diagnostic;
}

function pos(p: { line: number; character: number }): { line: number; character: number } {
  return { line: p.line, character: p.character };
}

/** Line tables built once per file and conversion batch. */
export class PositionCache {
  private readonly cache = new Map<string, TextPositions | null>();

  of(file: string, ctx: ConversionContext): TextPositions | undefined {
    let hit = this.cache.get(file);
    if (hit === undefined) {
      const text = ctx.textOf(file);
      hit = text === undefined ? null : new TextPositions(text);
      this.cache.set(file, hit);
    }
    return hit ?? undefined;
  }
}
