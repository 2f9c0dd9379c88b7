import * as path from 'node:path';
import { INCLUDE_RULE_ID, INPUT_RULE_ID, SYNTAX_RULE_ID, type Finding, type Severity } from '../core/finding';
import type { Span } from '../core/range';
import type { FileHost, SourceAnalyzer, SourceResult } from '../engine/source';
import { createApacheFixer } from '../fixes/apache-fixer';
import type { CorsPolicy } from '../model/cors-policy';
import { moduleName, type Item } from '../model/apache/flatten';
import { apachePolicies, type ApacheModel, buildApacheModel, htaccessPolicy } from '../model/apache/policies';
import type { ApacheFile } from '../parsers/apache/ast';
import { looksLikeApache } from '../parsers/apache/detect';
import { type ApacheConfig, type ApacheLoadProblem, type ApacheParseCache, loadApacheConfig } from '../parsers/apache/loader';
import { parseApache } from '../parsers/apache/parser';

const RULE_FOR: Record<ApacheLoadProblem['kind'], string> = {
  syntax: SYNTAX_RULE_ID,
  'missing-include': INCLUDE_RULE_ID,
  'include-cycle': INCLUDE_RULE_ID,
  unreadable: INPUT_RULE_ID,
};

const ZERO = { line: 0, character: 0, offset: 0 };

function finding(ruleId: string, messageId: string, message: string, span: Span, severity: Severity = 'error'): Finding {
  const where = `${span.file}:${span.range.start.line + 1}:${span.range.start.character + 1}`;
  return { ruleId, severity, messageId, data: { where }, message: `${message} (${where})`, span, related: [], fixes: [] };
}

/** Which module each CORS-relevant directive needs. */
const NEEDS: Record<string, string> = {
  header: 'headers', requestheader: 'headers', setenvif: 'setenvif', setenvifnocase: 'setenvif', setenvifexpr: 'setenvif',
  rewriteengine: 'rewrite', rewriterule: 'rewrite', rewritecond: 'rewrite',
};

/**
 * In a whole configuration (one that loads its modules), a directive of a
 * module that is not loaded stops Apache at start-up; inside `<IfModule>` it
 * is skipped without a word, so those headers are never sent. Both are
 * reported under `syntax-error`: the first as an error, the second as a warning.
 */
function moduleProblems(model: ApacheModel): Finding[] {
  const out: Finding[] = [];
  if (!model.modules.complete) return out;
  const visit = (items: Item[]): void => {
    for (const i of items) {
      if (i.kind === 'section') visit(i.items);
      else {
        const mod = NEEDS[i.d.key];
        if (mod && !model.modules.loaded.has(mod)) {
          out.push(finding(SYNTAX_RULE_ID, 'module-not-loaded', `Invalid command '${i.d.name}': mod_${mod} is not loaded (no LoadModule ${mod}_module), so Apache refuses to start`, { file: i.d.file, range: i.d.nameRange }));
        }
      }
    }
  };
  visit(model.flat);
  for (const { d, section } of model.skipped) {
    if (NEEDS[d.key] !== 'headers') continue;
    const cond = section.args.map((a) => a.value).join(' ');
    out.push(finding(SYNTAX_RULE_ID, 'module-skipped', `${d.name} is inside <IfModule ${cond}>, and ${moduleName(cond.replace(/^!/, ''))} is ${cond.startsWith('!') ? '' : 'not '}loaded: this header is never sent`, { file: d.file, range: d.nameRange }, 'warning'));
  }
  return out;
}

/** Of the Apache files given, those no other one includes: the configurations' entry points. */
function rootFiles(candidates: string[], host: FileHost, cache: ApacheParseCache, configs: Map<string, ApacheConfig>): string[] {
  const included = new Set<string>();
  const reach = new Map<string, string[]>();
  for (const c of candidates) {
    const config = loadApacheConfig(c, host, cache);
    configs.set(c, config);
    const files = [...config.files.keys()].filter((f) => f !== c);
    reach.set(c, files);
    for (const f of files) included.add(f);
  }
  // Debian enables a site by a link in sites-enabled/ to sites-available/: the linked file, read through the
  // link by an including configuration, is the same file; analysing it again alone would report everything twice.
  // Only a copy at another path counts: in a cycle every file is included, and each would match its own text.
  const includedCopies = new Map<string, string[]>();
  for (const f of included) {
    const got = cache.get(f);
    if (!got || got instanceof Error) continue;
    const key = `${path.basename(f)}\u0000${got.text}`;
    includedCopies.set(key, [...(includedCopies.get(key) ?? []), f]);
  }
  const sameAsIncluded = (c: string): boolean => {
    const got = cache.get(c);
    if (got === undefined || got instanceof Error || got.text === '') return false;
    return (includedCopies.get(`${path.basename(c)}\u0000${got.text}`) ?? []).some((f) => f !== c);
  };
  const roots = candidates.filter((c) => !included.has(c) && !sameAsIncluded(c));
  const covered = new Set<string>(candidates.filter(sameAsIncluded));
  for (const r of roots) for (const f of [r, ...(reach.get(r) ?? [])]) covered.add(f);
  // Files that only include each other in a cycle: one of each group stands for it. Apache starts from its main
  // file, so httpd.conf or apache2.conf is taken when it is in the group, and the findings are those of naming it.
  const order = [...candidates].sort((a, b) => Number(!isMainFile(a)) - Number(!isMainFile(b)) || (a < b ? -1 : a > b ? 1 : 0));
  for (const c of order) {
    if (covered.has(c)) continue;
    roots.push(c);
    for (const f of [c, ...(reach.get(c) ?? [])]) covered.add(f);
  }
  return roots;
}

function isMainFile(file: string): boolean {
  const name = path.basename(file).toLowerCase();
  return name === 'httpd.conf' || name === 'apache2.conf';
}

function isHtaccess(file: string): boolean {
  return path.basename(file).toLowerCase() === '.htaccess';
}

/** Apache httpd configurations and `.htaccess` files. */
export const apacheSource: SourceAnalyzer = {
  id: 'apache',
  claims: (file, head) => looksLikeApache(file, head),
  analyze(files: string[], host: FileHost): SourceResult {
    const policies: CorsPolicy[] = [];
    const problems: Finding[] = [];
    const seen = new Set<string>();
    const includes = new Map<string, string[]>();
    const read = new Set<string>();
    const comments = new Map<string, { line: number; text: string }[]>();
    const texts = new Map<string, string>();
    const addProblem = (f: Finding): void => {
      const key = `${f.ruleId}|${f.span.file}|${f.span.range.start.offset}|${f.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      problems.push(f);
    };
    const admitFile = (f: ApacheFile): void => {
      read.add(f.path);
      texts.set(f.path, f.text);
      if (!comments.has(f.path)) comments.set(f.path, f.comments.map((c) => ({ line: c.range.start.line, text: c.text })));
    };

    const htaccess: ApacheFile[] = [];
    for (const file of files.filter(isHtaccess)) {
      try {
        const f = parseApache(host.readText(file), file);
        for (const e of f.errors) addProblem(finding(SYNTAX_RULE_ID, 'syntax', e.message, { file, range: e.range }));
        htaccess.push(f);
        admitFile(f);
      } catch (err) {
        addProblem(finding(INPUT_RULE_ID, 'unreadable', err instanceof Error ? err.message : String(err), { file, range: { start: ZERO, end: ZERO } }));
      }
    }

    const cache: ApacheParseCache = new Map();
    const placed = new Set<string>();
    const policyIds = new Set<string>();
    const keep = (p: CorsPolicy): void => {
      if (policyIds.has(p.id)) return;
      policyIds.add(p.id);
      policies.push(p);
      if (isHtaccess(p.at.file)) placed.add(p.at.file);
    };
    const configs = new Map<string, ApacheConfig>();
    for (const root of rootFiles(files.filter((f) => !isHtaccess(f)), host, cache, configs)) {
      const config = configs.get(root) ?? loadApacheConfig(root, host, cache);
      for (const p of config.problems) addProblem(finding(RULE_FOR[p.kind], p.kind, p.message, p.span));
      for (const f of config.files.values()) admitFile(f);
      for (const [d, targets] of config.includes) {
        const list = includes.get(d.file) ?? [];
        for (const t of targets) if (!list.includes(t)) list.push(t);
        includes.set(d.file, list);
      }
      try {
        const model = buildApacheModel(config, host, htaccess);
        for (const f of moduleProblems(model)) addProblem(f);
        for (const p of apachePolicies(model)) keep(p);
      } catch (err) {
        // A model defect must not take the whole analysis down: it is reported on the file instead.
        addProblem(finding(INPUT_RULE_ID, 'model-failure', `could not model ${root}: ${err instanceof Error ? err.message : String(err)}`, { file: root, range: { start: ZERO, end: ZERO } }));
      }
    }
    // A .htaccess no analysed server lets in is still checked, for its own folder.
    for (const f of htaccess) {
      if (placed.has(f.path)) continue;
      const config = { root: f, serverRoot: path.dirname(f.path), files: new Map([[f.path, f]]), includes: new Map(), problems: [] };
      const p = htaccessPolicy(buildApacheModel(config, host, [f]), f);
      if (p.branches.some((b) => b.headers.length > 0)) keep(p);
    }
    const fixer = createApacheFixer((file) => texts.get(file) ?? tryRead(host, file));
    return { policies, problems, includes, files: [...read], comments, fixer };
  },
};

function tryRead(host: FileHost, file: string): string | undefined {
  try {
    return host.readText(file);
  } catch {
    return undefined;
  }
}
