import { INCLUDE_RULE_ID, INPUT_RULE_ID, SYNTAX_RULE_ID, type Finding } from '../core/finding';
import type { FileHost, SourceAnalyzer, SourceResult, SourceUnit, UnitCache } from '../engine/source';
import { createNginxFixer } from '../fixes/nginx-fixer';
import type { CorsPolicy } from '../model/cors-policy';
import { declaredVariables, serverGroups } from '../model/nginx/build-policies';
import type { NginxFile } from '../parsers/nginx/ast';
import { parseNginx } from '../parsers/nginx/parser';
import { looksLikeNginx } from '../parsers/nginx/detect';
import { findRootFiles, loadNginxConfig, type LoadProblem, type NginxConfig, type ParseCache } from '../parsers/nginx/loader';
import { nginxUnits } from './nginx-units';

const RULE_FOR: Record<LoadProblem['kind'], string> = {
  syntax: SYNTAX_RULE_ID,
  'missing-include': INCLUDE_RULE_ID,
  'include-cycle': INCLUDE_RULE_ID,
  unreadable: INPUT_RULE_ID,
};

function problemFinding(p: LoadProblem): Finding {
  const where = `${p.span.file}:${p.span.range.start.line + 1}:${p.span.range.start.character + 1}`;
  const ruleId = RULE_FOR[p.kind];
  return {
    ruleId,
    severity: 'error',
    messageId: p.kind,
    data: { where },
    message: `${p.message} (${where})`,
    span: p.span,
    related: [],
    fixes: [],
  };
}

function problemKey(f: Finding): string {
  return `${f.ruleId}|${f.span.file}|${f.span.range.start.offset}|${f.message}`;
}

/** nginx configurations: each entry file (one no other candidate includes) is loaded with its includes and modelled. */
export const nginxSource: SourceAnalyzer = {
  id: 'nginx',
  claims: (path, head) => looksLikeNginx(path, head),
  analyze(files: string[], host: FileHost, unitCache?: UnitCache): SourceResult {
    const policies: CorsPolicy[] = [];
    const units: SourceUnit[] = [];
    const problems: Finding[] = [];
    const seenProblems = new Set<string>();
    const seenPolicies = new Set<string>();
    const includes = new Map<string, string[]>();
    const read = new Set<string>();
    const comments = new Map<string, { line: number; text: string }[]>();
    const texts = new Map<string, string>();
    const cache: ParseCache = new Map();
    // The editor reuses unchanged servers: their inside need not even be turned into nodes.
    const skeletons = unitCache !== undefined && parseSkeletons(files, host, cache);
    let fullCache: ParseCache | undefined;
    const loaded = new Map<string, NginxConfig>();
    for (const rootFile of findRootFiles(files, host, cache, loaded)) {
      let config = loaded.get(rootFile) ?? loadNginxConfig(rootFile, host, cache);
      let built: CorsPolicy[] = [];
      try {
        const declared = declaredVariables(config);
        let groups = serverGroups(config, declared);
        const split = unitCache && nginxUnits(config, groups, declared, unitCache);
        if (split) {
          units.push(...split);
        } else {
          if (skeletons && [...config.files.values()].some((f) => f.skeleton)) {
            config = loadNginxConfig(rootFile, host, (fullCache ??= new Map()));
            groups = serverGroups(config);
          }
          built = groups.flatMap((g) => g.build());
        }
      } catch (err) {
        // A model defect must not take the whole analysis down: report it on the file instead.
        const message = err instanceof Error ? err.message : String(err);
        problems.push({
          ruleId: INPUT_RULE_ID, severity: 'error', messageId: 'model-failure', data: {},
          message: `could not model ${rootFile}: ${message}`,
          span: { file: rootFile, range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } } },
          related: [], fixes: [],
        });
      }
      for (const p of config.problems) {
        const f = problemFinding(p);
        const key = problemKey(f);
        if (!seenProblems.has(key)) {
          seenProblems.add(key);
          problems.push(f);
        }
      }
      for (const [path, file] of config.files) {
        read.add(path);
        texts.set(path, file.text);
        if (!comments.has(path)) comments.set(path, file.comments.map((c) => ({ line: c.range.start.line, text: c.text })));
      }
      for (const [directive, targets] of config.includes) {
        const list = includes.get(directive.file) ?? [];
        for (const t of targets) if (!list.includes(t)) list.push(t);
        includes.set(directive.file, list);
      }
      for (const p of built) {
        // A file included from several roots yields the same location twice; the first one stands.
        if (seenPolicies.has(p.id)) continue;
        seenPolicies.add(p.id);
        policies.push(p);
      }
    }
    const fixer = createNginxFixer((file) => texts.get(file) ?? tryRead(host, file));
    return { policies, problems, includes, files: [...read], comments, fixer, units };
  },
};

/**
 * Parses the given files as skeletons into the cache. An `include` inside an
 * unread server block would hide which files are entry points: then nothing
 * is kept and every file is parsed in full. A file that mentions `include`
 * most likely has one, and so is not split into units: it is parsed in full at once.
 */
function parseSkeletons(files: readonly string[], host: FileHost, cache: ParseCache): boolean {
  for (const file of files) {
    let got: NginxFile | Error;
    try {
      const text = host.readText(file);
      got = parseNginx(text, file, { skeleton: !text.includes('include') });
    } catch (err) {
      got = err instanceof Error ? err : new Error(String(err));
    }
    if (!(got instanceof Error) && got.skeleton?.includes) {
      cache.clear();
      return false;
    }
    cache.set(file, got);
  }
  return true;
}

function tryRead(host: FileHost, file: string): string | undefined {
  try {
    return host.readText(file);
  } catch {
    return undefined;
  }
}
