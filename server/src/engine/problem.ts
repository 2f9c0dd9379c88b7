import type { Finding, Severity } from '../core/finding';
import type { Range } from '../core/range';

const START: Range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };

/** A finding under one of the reserved ids (input, include, suppression problems), made by the engine itself. */
export function engineProblem(ruleId: string, file: string, message: string, options: { severity?: Severity; range?: Range; messageId?: string; data?: Record<string, string> } = {}): Finding {
  return {
    ruleId,
    severity: options.severity ?? 'error',
    messageId: options.messageId ?? ruleId,
    data: options.data ?? {},
    message,
    span: { file, range: options.range ?? START },
    related: [],
    fixes: [],
  };
}
