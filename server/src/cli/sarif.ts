import type { Finding, Fix, Severity, TextEdit } from '../core/finding';
import type { Span } from '../core/range';
import { docsUrl, type RuleMeta } from '../rules/rule';
import type { CheckReport } from './check-report';
import { fileUri, folderUri, isInside, relativeUri } from './report-paths';
import { TOOL_NAME, TOOL_URI } from './version';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ROOT_ID = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 with one run: every rule in `tool.driver.rules` (results point
 * at them by index), locations relative to `%SRCROOT%` (the scan root), so
 * code-scanning services can map them onto the repository.
 */
export function formatSarif(report: CheckReport): string {
  const rules = [...report.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // A finding from a rule the report does not list (a plug-in, a defect) still needs an entry to point at.
  for (const f of report.findings) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, rules.length);
      rules.push({ id: f.ruleId, description: f.ruleId, defaultSeverity: f.severity, messages: {}, fixable: false });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: report.version,
            semanticVersion: report.version,
            informationUri: TOOL_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [ROOT_ID]: { uri: folderUri(report.root) } },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => result(report.root, f, index.get(f.ruleId)!)),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function ruleDescriptor(meta: RuleMeta) {
  const severity = meta.credentialedSeverity && meta.credentialedSeverity !== meta.defaultSeverity
    ? `Default severity: ${meta.defaultSeverity}, ${meta.credentialedSeverity} when credentials are allowed.`
    : `Default severity: ${meta.defaultSeverity}.`;
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} ${severity}` },
    helpUri: docsUrl(meta.id),
    help: { text: `${meta.description} Documentation: ${docsUrl(meta.id)}` },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: { fixable: meta.fixable },
  };
}

function result(root: string, f: Finding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physical(root, f.span) }],
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(root, r.span), message: { text: r.message } })) }
      : {}),
    ...(f.fixes.length > 0 ? { fixes: f.fixes.map((x) => fix(root, x)) } : {}),
  };
}

/** A fix as SARIF replacements; offsets count UTF-16 code units, like the columns (`columnKind`). */
function fix(root: string, x: Fix) {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of x.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  return {
    description: { text: x.safe ? x.title : `${x.title} (suggestion: review before applying)` },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifact(root, file),
      replacements: edits.map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.newText } })),
    })),
  };
}

function artifact(root: string, file: string) {
  return isInside(root, file) ? { uri: relativeUri(root, file), uriBaseId: ROOT_ID } : { uri: fileUri(file) };
}

function physical(root: string, span: Span) {
  const artifactLocation = artifact(root, span.file);
  const { start, end } = span.range;
  return {
    artifactLocation,
    region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
  };
}

function pascal(id: string): string {
  return id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}
