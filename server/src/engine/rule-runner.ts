import type { Finding } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy } from '../model/cors-policy';
import type { FixProvider, ReportInput, Rule } from '../rules/rule';

export interface RuleRunInput {
  rules: readonly Rule[];
  policies: readonly CorsPolicy[];
  fixer: FixProvider;
  trustedOrigins: readonly string[];
  readText(file: string): string | undefined;
}

/**
 * Runs every rule over the policies of one source. A rule that throws does not
 * take the others down: its failure becomes a finding under its own id, at the
 * first policy it was looking at, so the defect is seen and reported.
 */
export function runRules(input: RuleRunInput): Finding[] {
  const findings: Finding[] = [];
  for (const rule of input.rules) {
    const report = (r: ReportInput) => findings.push(toFinding(rule, r));
    try {
      rule.check({
        fixer: () => input.fixer,
        policies: input.policies,
        trustedOrigins: input.trustedOrigins,
        readText: input.readText,
        report,
      });
    } catch (error) {
      const where: Span | undefined = input.policies[0]?.at;
      if (!where) continue;
      findings.push({
        ruleId: rule.meta.id,
        severity: 'error',
        messageId: 'internalError',
        data: {},
        message: `The rule ${rule.meta.id} failed on this configuration (${(error as Error).message}); its findings are missing`,
        span: where,
        related: [],
        fixes: [],
      });
    }
  }
  return findings;
}

function toFinding(rule: Rule, r: ReportInput): Finding {
  const data = r.data ?? {};
  const template = rule.meta.messages[r.messageId] ?? r.messageId;
  return {
    ruleId: rule.meta.id,
    severity: r.severity ?? rule.meta.defaultSeverity,
    messageId: r.messageId,
    data,
    message: fillTemplate(template, data),
    span: r.span,
    related: r.related ?? [],
    fixes: r.fixes ?? [],
  };
}

/** `{{name}}` placeholders filled from `data`; an unknown placeholder stays visible rather than vanishing. */
export function fillTemplate(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(data, name) ? data[name] : whole));
}
