import type * as vscode from 'vscode';

/**
 * The preflight tester (sending real preflights, probing origins, its panel)
 * registers its commands and views here. Nothing yet.
 */
export function registerPreflight(_context: vscode.ExtensionContext): void {}
