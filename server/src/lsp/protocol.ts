import type { Range } from 'vscode-languageserver-protocol';

/**
 * Custom messages between the extension and the server, declared once for both
 * sides. Only method names and types: the two sides use different builds of the
 * protocol library, so no classes cross this module.
 */

export const DIAGNOSTIC_SOURCE = 'cors-preflight';

/** Commands the client implements and the server's code actions point at. */
export namespace ClientCommands {
  /** Arguments: `[ruleId: string, docsUrl: string]`. */
  export const showRuleDocs = 'corsPreflight.showRuleDocs';
  export const restartServer = 'corsPreflight.restartServer';
  export const showOutput = 'corsPreflight.showOutput';
  /** Arguments: `[prefill?: PreflightPrefill]`. */
  export const sendTestPreflight = 'corsPreflight.sendTestPreflight';
}

/** What the preflight tester is opened with for one location of a config: where it is served and what to ask. */
export interface PreflightPrefill {
  url: string;
  method?: string;
  /** `Name: value` lines. */
  headers?: string[];
  origin?: string;
  credentials?: boolean;
}

/** Kind of the "fix all safe problems" source action, as in `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.corsPreflight';

export interface StatusParams {
  /** Problems over every analysed file. */
  errors: number;
  warnings: number;
  infos: number;
  files: number;
  /** An analysis is running (the workspace scan or a re-analysis). */
  busy: boolean;
}

/** Server → client after each analysis: the problem counts for the status bar. */
export namespace StatusNotification {
  export const method = 'corsPreflight/status';
}

/** One edit of a fix, already in LSP coordinates of the analysed text. */
export interface FixEditData {
  uri: string;
  range: Range;
  newText: string;
}

export interface FixData {
  title: string;
  safe: boolean;
  edits: FixEditData[];
}

/** Carried in `Diagnostic.data`: what the code actions need, without asking the engine again. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the fixes were computed against (`null` for files not open). */
  version: number | null;
  fixes: FixData[];
}
