import * as path from 'node:path';
import type { ApacheSection } from '../../parsers/apache/ast';
import { segmentMatcher } from '../../engine/glob';
import { parseExpr, type ExprCond } from './expr';
import type { Item } from './flatten';
import type { ServerInfo } from './servers';

/** One set of per-directory directives, as Apache merges them for a request. */
export interface Context {
  kind: 'server' | 'directory' | 'htaccess' | 'dirmatch' | 'files' | 'location' | 'if';
  items: Item[];
  section?: ApacheSection;
  /** For `<If>`/`<ElseIf>`/`<Else>`: when it applies (earlier branches of the chain already negated). */
  cond?: ExprCond;
}

/** Where a request lands: its URL path, and the file it maps to when there is a document root. */
export interface RequestPlace {
  url?: string;
  /** Folder of the file on disk (no trailing slash). */
  fsDir?: string;
  fileName?: string;
}

export interface MergedContexts {
  /** What applies when a server-level rewrite answers at translation time: server level and `<Location>`s. */
  early: Context[];
  /** Everything, in Apache's merge order. */
  all: Context[];
}

export function placeFor(server: ServerInfo, url: string): RequestPlace {
  if (!server.documentRoot) return { url };
  const fs = path.posix.join(server.documentRoot, url);
  const last = url.split('/').pop() ?? '';
  // A name with a dot is taken for a file, anything else for a folder (the oracle fixtures keep to this).
  if (url.endsWith('/') || !last.includes('.')) return { url, fsDir: fs.replace(/\/+$/, '') || '/' };
  return { url, fsDir: path.posix.dirname(fs), fileName: path.posix.basename(fs) };
}

const isRegexSection = (s: ApacheSection): boolean => s.key.endsWith('match') || s.args[0]?.value === '~';
const sectionArg = (s: ApacheSection): string => (s.args[0]?.value === '~' ? s.args[1]?.value : s.args[0]?.value) ?? '';

function components(p: string): number {
  return p.split('/').filter(Boolean).length;
}

function safeRegex(pattern: string, flags = ''): RegExp | undefined {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return undefined;
  }
}

/** `<Directory /a/*>`: wildcards match within one path component; the section covers everything below. */
function directoryCovers(dir: string, fsDir: string): boolean {
  const want = dir.replace(/\/+$/, '').split('/').filter(Boolean);
  const have = fsDir.split('/').filter(Boolean);
  if (want.length > have.length) return false;
  return want.every((seg, i) => {
    const re = segmentMatcher(seg);
    return re ? re.test(have[i]) : seg === have[i];
  });
}

function locationCovers(s: ApacheSection, url: string): boolean {
  if (isRegexSection(s)) return safeRegex(sectionArg(s))?.test(url) ?? false;
  const loc = sectionArg(s);
  if (/[*?[]/.test(loc)) return globPrefix(loc).test(url);
  if (loc === '/' || url === loc) return true;
  // Apache compares path segments, so /api does not cover /apix.
  return url.startsWith(loc.endsWith('/') ? loc : loc + '/');
}

function globPrefix(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '(/|$)');
}

function filesCovers(s: ApacheSection, name: string): boolean {
  const arg = sectionArg(s);
  if (isRegexSection(s)) return safeRegex(arg)?.test(name) ?? false;
  const re = segmentMatcher(arg);
  return re ? re.test(name) : arg === name;
}

/** The If/ElseIf/Else sections among `items`, each with its condition as the chain makes it. */
function ifContexts(items: Item[]): Context[] {
  const out: Context[] = [];
  let chain: ExprCond | undefined;
  for (const i of items) {
    if (i.kind !== 'section' || !['if', 'elseif', 'else'].includes(i.s.key)) continue;
    const own: ExprCond = i.s.key === 'else' ? { k: 'const', v: true } : parseExpr(i.s.args.map((a) => a.value).join(' '));
    if (i.s.key === 'if' || chain === undefined) {
      out.push({ kind: 'if', items: i.items, section: i.s, cond: own });
      chain = own;
      continue;
    }
    const cond: ExprCond = { k: 'and', a: { k: 'not', c: chain }, b: own };
    out.push({ kind: 'if', items: i.items, section: i.s, cond });
    chain = { k: 'or', a: chain, b: own };
  }
  return out;
}

function nested(items: Item[], ...keys: string[]): Array<Extract<Item, { kind: 'section' }>> {
  return items.filter((i): i is Extract<Item, { kind: 'section' }> => i.kind === 'section' && keys.includes(i.s.key));
}

/**
 * The per-directory contexts that apply to a request, in the order httpd merges
 * them: server level, `<Directory>` shortest first with each folder's `.htaccess`
 * right after the sections of its depth, regex directories, `<Files>`,
 * `<Location>`, and last every `<If>` of the contexts that applied.
 * `forced` sections apply whatever the place (a policy made for that section).
 */
export function mergeContexts(server: ServerInfo, place: RequestPlace, htaccess: Map<string, Item[]>, forced: Set<ApacheSection>): MergedContexts {
  const applies = (s: ApacheSection, test: () => boolean): boolean => forced.has(s) || test();
  const serverCtx: Context = { kind: 'server', items: server.topItems };
  const sections = server.sections;

  const plainDirs = sections.filter((i) => i.s.key === 'directory' && !isRegexSection(i.s));
  const ordered: Array<{ depth: number; tie: number; ctx: Context }> = [];
  plainDirs.forEach((i, n) => {
    if (applies(i.s, () => place.fsDir !== undefined && directoryCovers(sectionArg(i.s), place.fsDir))) {
      ordered.push({ depth: components(sectionArg(i.s)), tie: n, ctx: { kind: 'directory', items: i.items, section: i.s } });
    }
  });
  for (const [dir, items] of htaccess) {
    if (place.fsDir !== undefined && directoryCovers(dir, place.fsDir)) ordered.push({ depth: components(dir), tie: 1e9, ctx: { kind: 'htaccess', items } });
  }
  ordered.sort((a, b) => a.depth - b.depth || a.tie - b.tie);
  const dirs = ordered.map((o) => o.ctx);

  const regexDirs = sections
    .filter((i) => (i.s.key === 'directory' && isRegexSection(i.s)) || i.s.key === 'directorymatch')
    .filter((i) => applies(i.s, () => place.fsDir !== undefined && (safeRegex(sectionArg(i.s))?.test(place.fsDir + '/') ?? false)))
    .map((i): Context => ({ kind: 'dirmatch', items: i.items, section: i.s }));

  const fileSections = [
    ...sections.filter((i) => i.s.key === 'files' || i.s.key === 'filesmatch'),
    ...[...dirs, ...regexDirs].flatMap((c) => nested(c.items, 'files', 'filesmatch')),
  ];
  const files = fileSections
    .filter((i) => applies(i.s, () => place.fileName !== undefined && filesCovers(i.s, place.fileName)))
    .map((i): Context => ({ kind: 'files', items: i.items, section: i.s }));

  const locations = sections
    .filter((i) => i.s.key === 'location' || i.s.key === 'locationmatch')
    .filter((i) => applies(i.s, () => place.url !== undefined && locationCovers(i.s, place.url)))
    .map((i): Context => ({ kind: 'location', items: i.items, section: i.s }));

  const ifs = [
    ...ifContexts(sections),
    ...[...dirs, ...regexDirs, ...files, ...locations].flatMap((c) => ifContexts(c.items)),
  ];
  return { early: [serverCtx, ...locations], all: [serverCtx, ...dirs, ...regexDirs, ...files, ...locations, ...ifs] };
}
