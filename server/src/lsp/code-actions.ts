import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { compatibleFixes } from '../core/apply-edits';
import type { Finding } from '../core/finding';
import { ClientCommands, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, type DiagnosticData, type FixData } from './protocol';
import { commentMarker, disableFileEdit, disableLineEdit } from './suppression-edits';
import { TextPositions } from './text-positions';

export interface CodeActionDeps {
  file: string;
  /** Findings of the last analysis for this file. */
  findings: readonly Finding[];
  /** The text of a file as the last analysis saw it. */
  analysedText(file: string): string | undefined;
  /** The current text of a file: the open document, or the disk. */
  currentText(file: string): string | undefined;
  uriOf(file: string): string;
  /** Rules that can be disabled and documented (not syntax errors). */
  isRule(id: string): boolean;
  docsUrl(id: string): string;
}

function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function toWorkspaceEdit(edits: readonly FixData['edits'][number][]): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

/**
 * Fixes computed against an older text would damage the file; they are only
 * offered while every file they touch still has the analysed text.
 */
function fresh(deps: CodeActionDeps, files: Iterable<string>): boolean {
  for (const file of files) {
    const analysed = deps.analysedText(file);
    if (analysed === undefined || analysed !== deps.currentText(file)) return false;
  }
  return true;
}

/**
 * The actions for the problems under the cursor: each fix (the safe one
 * preferred), disable for this line or file, show the docs; and "fix all safe
 * problems" as a source action.
 */
export function codeActions(params: CodeActionParams, doc: TextDocument, deps: CodeActionDeps): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
  const upToDate = fresh(deps, [deps.file]);
  if (wanted(only, CodeActionKind.QuickFix)) {
    const perRule = new Map<string, Diagnostic>();
    for (const diagnostic of ours) {
      const data = diagnostic.data as DiagnosticData | undefined;
      // The client may still hold diagnostics of an earlier version while the analysis has caught up.
      if (upToDate && data && (data.version === null || data.version === doc.version)) {
        let preferred = false;
        for (const fix of data.fixes) {
          const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: toWorkspaceEdit(fix.edits) };
          if (fix.safe && !preferred) action.isPreferred = preferred = true;
          actions.push(action);
        }
      }
      const id = diagnostic.code as string;
      if (deps.isRule(id) && !perRule.has(id)) perRule.set(id, diagnostic);
    }
    const marker = commentMarker(deps.file, doc.languageId);
    const text = doc.getText();
    for (const [id, diagnostic] of perRule) {
      // Worth offering only when the file has more than one such problem.
      const ofRule = deps.findings.filter((f) => f.ruleId === id && f.fixes.some((fix) => fix.safe));
      const allOfRule = ofRule.length > 1 ? safeFixesAction(deps, ofRule, (n) => `Fix all ${n} ${id} problems in this file`, CodeActionKind.QuickFix) : undefined;
      if (allOfRule) actions.push({ ...allOfRule, diagnostics: [diagnostic] });
      actions.push({
        title: `Disable ${id} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [doc.uri]: [disableLineEdit(text, diagnostic.range.start.line, id, marker)] } },
      });
      actions.push({
        title: `Disable ${id} for the entire file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [doc.uri]: [disableFileEdit(text, id, marker)] } },
      });
      actions.push({
        title: `Show documentation for ${id}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${id}`, command: ClientCommands.showRuleDocs, arguments: [id, deps.docsUrl(id)] },
      });
    }
  }
  if (wanted(only, FIX_ALL_KIND) && (only !== undefined || ours.length > 0)) {
    const fixAll = fixAllAction(deps);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Every safe fix of the file's findings that can be applied together. */
export function fixAllAction(deps: CodeActionDeps): CodeAction | undefined {
  return safeFixesAction(
    deps,
    deps.findings,
    (n) => (n === 1 ? 'Fix the safe CORS problem in this file' : `Fix all ${n} safe CORS problems in this file`),
    FIX_ALL_KIND,
  );
}

/** One action applying the safe fixes of some findings, those that do not overlap. */
function safeFixesAction(deps: CodeActionDeps, findings: readonly Finding[], title: (count: number) => string, kind: string): CodeAction | undefined {
  const safe = findings.flatMap((f) => f.fixes.filter((fix) => fix.safe));
  const picked = compatibleFixes(safe);
  if (picked.length === 0) return undefined;
  const files = new Set(picked.flatMap((f) => f.edits.map((e) => e.file)));
  if (!fresh(deps, files)) return undefined;
  const changes: Record<string, TextEdit[]> = {};
  for (const file of files) {
    const positions = new TextPositions(deps.analysedText(file) as string);
    changes[deps.uriOf(file)] = picked
      .flatMap((fix) => fix.edits)
      .filter((e) => e.file === file)
      .map((e) => ({ range: { start: positions.at(e.start), end: positions.at(e.end) }, newText: e.newText }));
  }
  return { title: title(picked.length), kind, edit: { changes } };
}
