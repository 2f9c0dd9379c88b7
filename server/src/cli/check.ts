import * as fs from 'node:fs';
import * as path from 'node:path';
import { severityRank } from '../core/finding';
import { analyzeFiles, initSourcesFor } from '../engine/analyze';
import type { AnalysisResult, AnalyzeOptions } from '../engine/run-analysis';
import { createNodeFileHost } from '../engine/node-file-host';
import { reservedRuleMetas } from '../engine/reserved-rules';
import { allRules } from '../rules/index';
import type { RuleMeta } from '../rules/rule';
import { parseCheckArgs, type CheckArgs } from './check-args';
import { CHECK_HELP } from './check-help';
import { plural, type CheckReport } from './check-report';
import { fixUntilStable } from './apply-fixes';
import { formatJson } from './format-json';
import { formatStylish } from './format-stylish';
import { UsageError, type CliIo } from './io';
import { formatSarif } from './sarif';
import { toolVersion } from './version';

/** The analysis behind `check`; tests substitute a small one. */
export interface CheckEngine {
  /** One-time set-up for analysing these paths. */
  init(paths: string[], options: AnalyzeOptions): Promise<void>;
  analyze(paths: string[], options: AnalyzeOptions): AnalysisResult;
  rules: readonly RuleMeta[];
}

function defaultEngine(): CheckEngine {
  return { init: initSourcesFor, analyze: analyzeFiles, rules: allRules.map((r) => r.meta) };
}

/** `cors-preflight check`: exit 0 when clean, 1 when a finding reaches `--severity`, 2 on usage or internal errors. */
export async function runCheck(argv: readonly string[], io: CliIo, engine?: CheckEngine): Promise<number> {
  let args: CheckArgs;
  let eng: CheckEngine;
  try {
    eng = engine ?? defaultEngine();
    const known = new Set([...eng.rules.map((r) => r.id), ...reservedRuleMetas.map((r) => r.id)]);
    args = parseCheckArgs(argv, known);
  } catch (error) {
    return fail(io, error);
  }
  if (args.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  if (args.version) {
    io.stdout(`${toolVersion()}\n`);
    return 0;
  }
  try {
    const root = path.resolve(io.cwd);
    const paths = args.paths.length > 0 ? args.paths.map((p) => path.resolve(root, p)) : [root];
    for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`No such file or folder: ${path.relative(root, p) || p}`);
    const output = args.output === undefined ? undefined : path.resolve(root, args.output);
    if (output !== undefined && fs.existsSync(output) && fs.statSync(output).isDirectory()) throw new UsageError(`--output ${args.output} is a folder; give a file name`);

    const options: AnalyzeOptions = {
      root,
      trustedOrigins: args.trustedOrigins,
      ruleSeverities: args.ruleSeverities,
      include: args.include,
      exclude: args.exclude,
    };
    await eng.init(paths, options);
    // Only findings and file names leave this call: the policies and sources can be freed before formatting.
    const { findings, files } = analyzeOrFix(eng, paths, options, args, io);
    const failing = findings.filter((f) => severityRank[f.severity] >= severityRank[args.failOn]);
    const report: CheckReport = {
      root,
      findings: args.quiet ? failing : findings,
      files,
      rules: [...eng.rules, ...reservedRuleMetas],
      version: toolVersion(),
    };
    const text = args.format === 'json' ? formatJson(report) : args.format === 'sarif' ? formatSarif(report) : formatStylish(report, { quiet: args.quiet, color: output === undefined && io.color === true });
    if (output === undefined) io.stdout(text);
    else {
      const problem = writeReport(output, text);
      if (problem) {
        io.stderr(`cors-preflight check: cannot write the report to ${args.output}: ${problem}\n`);
        return 2;
      }
    }
    return failing.length > 0 ? 1 : 0;
  } catch (error) {
    return fail(io, error);
  }
}

function analyzeOrFix(eng: CheckEngine, paths: string[], options: AnalyzeOptions, args: CheckArgs, io: CliIo): Pick<AnalysisResult, 'findings' | 'files'> {
  if (!args.fix) {
    const { findings, files } = eng.analyze(paths, options);
    return { findings, files };
  }
  const host = createNodeFileHost();
  const outcome = fixUntilStable(() => eng.analyze(paths, options), (file) => host.readText(file));
  if (!args.quiet && outcome.applied > 0) io.stderr(`Applied ${plural(outcome.applied, 'fix')} in ${plural(outcome.files.length, 'file')}.\n`);
  return { findings: outcome.result.findings, files: outcome.result.files };
}

/** Writes the report, creating its folder; a file system refusal is the user's to fix, said in words. */
function writeReport(file: string, text: string): string | undefined {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code !== 'string') throw error;
    return e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a part of the path is a file, not a folder' : `${e.code} (${e.message})`;
  }
}

function fail(io: CliIo, error: unknown): number {
  if (error instanceof UsageError) io.stderr(`cors-preflight check: ${error.message}\nRun "cors-preflight check --help" for usage.\n`);
  else io.stderr(`cors-preflight check: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 2;
}
