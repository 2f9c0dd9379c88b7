import { INCLUDE_RULE_ID, INPUT_RULE_ID, SUPPRESSION_RULE_ID, SYNTAX_RULE_ID } from '../core/finding';
import type { RuleMeta } from '../rules/rule';

/** Problems the engine and the sources report themselves, described like rules so reports and settings can name them. */
export const reservedRuleMetas: readonly RuleMeta[] = [
  { id: SYNTAX_RULE_ID, description: 'The file does not parse, so the parts after the error may be unchecked.', defaultSeverity: 'error', messages: {}, fixable: false },
  { id: INCLUDE_RULE_ID, description: 'An include points at a file that is missing, unreadable or includes itself.', defaultSeverity: 'error', messages: {}, fixable: false },
  { id: INPUT_RULE_ID, description: 'A file or folder could not be read or recognised (missing, binary, invalid UTF-8, too large), so it was not checked.', defaultSeverity: 'error', messages: {}, fixable: false },
  { id: SUPPRESSION_RULE_ID, description: 'A suppression comment names a rule id that does not exist, so it suppresses nothing.', defaultSeverity: 'warning', messages: {}, fixable: false },
];
