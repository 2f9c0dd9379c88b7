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

/** One component of a `<Directory>` path: a wildcard pattern, or the literal name. */
type SegmentTest = RegExp | string;

function directorySegments(dir: string): SegmentTest[] {
  return dir.replace(/\/+$/, '').split('/').filter(Boolean).map((seg) => segmentMatcher(seg) ?? seg);
}

/** `<Directory /a/*>`: wildcards match within one path component; the section covers everything below. */
function segmentsCover(want: SegmentTest[], have: string[]): boolean {
  if (want.length > have.length) return false;
  for (let i = 0; i < want.length; i++) {
    const seg = want[i];
    if (typeof seg === 'string' ? seg !== have[i] : !seg.test(have[i])) return false;
  }
  return true;
}

function globPrefix(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '(/|$)');
}

/**
 * What a section's argument tests, compiled once per section: every path of
 * every server that declares it asks the same question of it.
 */
type SectionTest = { kind: 'regex'; re: RegExp | undefined } | { kind: 'text'; arg: string };

const sectionTests = new WeakMap<ApacheSection, SectionTest>();

/** For `<Location>` and `<Files>` sections (directories are tested through the server's layout). */
function testOf(s: ApacheSection): SectionTest {
  let t = sectionTests.get(s);
  if (t) return t;
  const arg = sectionArg(s);
  if (isRegexSection(s)) t = { kind: 'regex', re: safeRegex(arg) };
  else {
    // <Location> globs cover what lies below them; <Files> globs match the name alone.
    const glob = s.key.startsWith('location') ? (/[*?[]/.test(arg) ? globPrefix(arg) : null) : segmentMatcher(arg);
    t = glob ? { kind: 'regex', re: glob } : { kind: 'text', arg };
  }
  sectionTests.set(s, t);
  return t;
}

function locationCovers(s: ApacheSection, url: string): boolean {
  const t = testOf(s);
  if (t.kind === 'regex') return t.re?.test(url) ?? false;
  const loc = t.arg;
  if (loc === '/' || url === loc) return true;
  // Apache compares path segments, so /api does not cover /apix.
  return url.startsWith(loc.endsWith('/') ? loc : loc + '/');
}

function filesCovers(s: ApacheSection, name: string): boolean {
  const t = testOf(s);
  if (t.kind === 'regex') return t.re?.test(name) ?? false;
  return t.kind === 'text' && t.arg === name;
}

/** The If/ElseIf/Else sections among `items`, each with its condition as the chain makes it. */
function ifContexts(items: Item[]): Context[] {
  // The same items are merged for many paths; their conditions are parsed once.
  let out = ifLists.get(items);
  if (out) return out;
  out = [];
  let chain: ExprCond | undefined;
  for (const i of items) {
    if (i.kind !== 'section' || (i.s.key !== 'if' && i.s.key !== 'elseif' && i.s.key !== 'else')) continue;
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
  ifLists.set(items, out);
  return out;
}

const ifLists = new WeakMap<Item[], Context[]>();

type SectionItem = Extract<Item, { kind: 'section' }>;

/** A section with the context it contributes when it applies (one object, however many paths merge it). */
interface Candidate {
  s: ApacheSection;
  ctx: Context;
}

/** A server's per-directory sections, sorted by the step of the merge they join, once per server. */
interface ServerLayout {
  serverCtx: Context;
  /** Plain `<Directory>` sections in declaration order, with their depth and path components. */
  plainDirs: Array<Candidate & { depth: number; want: SegmentTest[] }>;
  regexDirs: Array<Candidate & { re: RegExp | undefined }>;
  files: Candidate[];
  locations: Candidate[];
}

const layouts = new WeakMap<ServerInfo, ServerLayout>();

function layoutOf(server: ServerInfo): ServerLayout {
  let l = layouts.get(server);
  if (l) return l;
  l = { serverCtx: { kind: 'server', items: server.topItems }, plainDirs: [], regexDirs: [], files: [], locations: [] };
  for (const i of server.sections) {
    const key = i.s.key;
    if (key === 'directory' && !isRegexSection(i.s)) {
      const arg = sectionArg(i.s);
      l.plainDirs.push({ s: i.s, ctx: { kind: 'directory', items: i.items, section: i.s }, depth: components(arg), want: directorySegments(arg) });
    } else if (key === 'directory' || key === 'directorymatch') l.regexDirs.push({ s: i.s, ctx: { kind: 'dirmatch', items: i.items, section: i.s }, re: safeRegex(sectionArg(i.s)) });
    else if (key === 'files' || key === 'filesmatch') l.files.push(filesCandidate(i));
    else if (key === 'location' || key === 'locationmatch') l.locations.push({ s: i.s, ctx: { kind: 'location', items: i.items, section: i.s } });
  }
  layouts.set(server, l);
  return l;
}

// Keyed on the item, not the section: a file included twice gives one section two item lists (each with its own include chain).
const filesContexts = new WeakMap<SectionItem, Candidate>();

function filesCandidate(i: SectionItem): Candidate {
  let c = filesContexts.get(i);
  if (!c) filesContexts.set(i, (c = { s: i.s, ctx: { kind: 'files', items: i.items, section: i.s } }));
  return c;
}

/** The `<Files>` sections nested in a context's items. */
function nestedFiles(items: Item[]): Candidate[] {
  let out = nestedLists.get(items);
  if (!out) {
    out = [];
    for (const i of items) if (i.kind === 'section' && (i.s.key === 'files' || i.s.key === 'filesmatch')) out.push(filesCandidate(i));
    nestedLists.set(items, out);
  }
  return out;
}

const nestedLists = new WeakMap<Item[], Candidate[]>();

/**
 * The per-directory contexts that apply to a request, in the order httpd merges
 * them: server level, `<Directory>` shortest first with each folder's `.htaccess`
 * right after the sections of its depth, regex directories, `<Files>`,
 * `<Location>`, and last every `<If>` of the contexts that applied.
 * `forced` sections apply whatever the place (a policy made for that section).
 */
export function mergeContexts(server: ServerInfo, place: RequestPlace, htaccess: Map<string, Item[]>, forced: Set<ApacheSection>): MergedContexts {
  const layout = layoutOf(server);
  const fsDir = place.fsDir;
  const have = fsDir !== undefined ? fsDir.split('/').filter(Boolean) : [];

  const ordered: Array<{ depth: number; tie: number; ctx: Context }> = [];
  layout.plainDirs.forEach((c, n) => {
    if (forced.has(c.s) || (fsDir !== undefined && segmentsCover(c.want, have))) ordered.push({ depth: c.depth, tie: n, ctx: c.ctx });
  });
  for (const [dir, items] of htaccess) {
    if (fsDir !== undefined && segmentsCover(directorySegments(dir), have)) ordered.push({ depth: components(dir), tie: 1e9, ctx: { kind: 'htaccess', items } });
  }
  if (ordered.length > 1) ordered.sort((a, b) => a.depth - b.depth || a.tie - b.tie);
  const all: Context[] = [layout.serverCtx];
  for (const o of ordered) all.push(o.ctx);

  for (const c of layout.regexDirs) {
    if (forced.has(c.s) || (fsDir !== undefined && (c.re?.test(fsDir + '/') ?? false))) all.push(c.ctx);
  }
  const fileName = place.fileName;
  const filesApply = (c: Candidate): void => {
    if (forced.has(c.s) || (fileName !== undefined && filesCovers(c.s, fileName))) all.push(c.ctx);
  };
  const outer = all.length;
  layout.files.forEach(filesApply);
  for (let k = 1; k < outer; k++) nestedFiles(all[k].items).forEach(filesApply);

  const early: Context[] = [layout.serverCtx];
  const url = place.url;
  for (const c of layout.locations) {
    if (forced.has(c.s) || (url !== undefined && locationCovers(c.s, url))) {
      all.push(c.ctx);
      early.push(c.ctx);
    }
  }

  const applied = all.length;
  for (const c of ifContexts(server.sections)) all.push(c);
  for (let k = 1; k < applied; k++) for (const c of ifContexts(all[k].items)) all.push(c);
  return { early, all };
}
