import * as path from 'node:path';
import type { Span } from '../../core/range';
import type { FileHost } from '../../engine/source';
import { hasGlobMagic } from '../../engine/glob';
import type { Directive, NginxFile } from './ast';
import { parseNginx } from './parser';

export interface LoadProblem {
  kind: 'syntax' | 'missing-include' | 'include-cycle' | 'unreadable';
  message: string;
  span: Span;
}

export interface NginxConfig {
  root: NginxFile;
  /** Every file read, the root included, by absolute path. */
  files: Map<string, NginxFile>;
  /** Each `include` directive → the files it pulls in, in nginx's order (only files that were read). */
  includes: Map<Directive, string[]>;
  problems: LoadProblem[];
}

/** A parse per path, shared between loads (e.g. of every candidate in a workspace). */
export type ParseCache = Map<string, NginxFile | Error>;

/** Folders that conventionally sit one level below nginx's configuration folder. */
const CONVENTIONAL_SUBFOLDERS = new Set(['conf.d', 'sites-available', 'sites-enabled', 'snippets', 'modules-enabled', 'modules-available']);

const ZERO = { line: 0, character: 0, offset: 0 };

function emptyFile(file: string): NginxFile {
  return { path: file, text: '', directives: [], comments: [], errors: [] };
}

/**
 * Folders a relative include is tried against, in order: nginx resolves it
 * against its configuration folder (the top file's folder, or its parent when
 * the top file sits in `sites-enabled/` and the like), then the including
 * file's folder helps when a snippet is analysed away from its real top file.
 */
function includeBases(top: string, includer: string): string[] {
  const topDir = path.dirname(top);
  const bases = [topDir];
  if (CONVENTIONAL_SUBFOLDERS.has(path.basename(topDir))) bases.push(path.dirname(topDir));
  bases.push(path.dirname(includer));
  return [...new Set(bases)];
}

export interface IncludeResolution {
  files: string[];
  /** Paths looked at, for the message when nothing was found. */
  tried: string[];
  missing: boolean;
}

/** Where nginx keeps its configuration on common systems and images, for absolute includes. */
const SYSTEM_CONF_ROOTS = ['/etc/nginx/', '/usr/local/nginx/conf/', '/usr/local/etc/nginx/', '/opt/homebrew/etc/nginx/', '/usr/local/openresty/nginx/conf/'];

/**
 * Paths an include may mean, in the order tried. An absolute path under a
 * system configuration folder (`/etc/nginx/conf.d/*.conf`, typical of configs
 * copied into container images) is first looked for beside the top file, where
 * the workspace keeps its copy, then at the absolute path itself.
 */
function includeCandidates(pattern: string, top: string, includer: string): string[] {
  if (!path.isAbsolute(pattern)) return includeBases(top, includer).map((b) => path.join(b, pattern));
  const posix = pattern.replace(/\\/g, '/');
  const system = SYSTEM_CONF_ROOTS.find((r) => posix.startsWith(r));
  if (!system) return [pattern];
  const rest = posix.slice(system.length);
  const bases = includeBases(top, top);
  return [...new Set([...bases.map((b) => path.join(b, rest)), pattern])];
}

export function resolveInclude(pattern: string, top: string, includer: string, host: FileHost): IncludeResolution {
  const candidates = includeCandidates(pattern, top, includer);
  if (hasGlobMagic(pattern)) {
    for (const c of candidates) {
      const found = host.glob(c);
      if (found.length) return { files: found, tried: candidates, missing: false };
    }
    // nginx accepts a pattern that matches nothing.
    return { files: [], tried: candidates, missing: false };
  }
  for (const c of candidates) if (host.exists(c)) return { files: [c], tried: candidates, missing: false };
  return { files: [], tried: candidates, missing: true };
}

/** Every `include` directive of a file, nested blocks included, in document order (no recursion). */
export function includeDirectives(file: NginxFile): Directive[] {
  const out: Directive[] = [];
  const stack: Directive[][] = [file.directives];
  const index: number[] = [0];
  while (stack.length) {
    const list = stack[stack.length - 1];
    const i = index[index.length - 1]++;
    if (i >= list.length) {
      stack.pop();
      index.pop();
      continue;
    }
    const d = list[i];
    if (d.name === 'include') out.push(d);
    if (d.block) {
      stack.push(d.block.directives);
      index.push(0);
    }
  }
  return out;
}

function spanOf(d: Directive): Span {
  return { file: d.file, range: d.args.length ? d.args[0].range : d.nameRange };
}

/** Reads and parses the configuration at `rootPath` and every file it includes. */
export function loadNginxConfig(rootPath: string, host: FileHost, cache: ParseCache = new Map()): NginxConfig {
  const files = new Map<string, NginxFile>();
  const includes = new Map<Directive, string[]>();
  const problems: LoadProblem[] = [];
  const edges = new Map<string, Array<{ directive: Directive; target: string }>>();

  const parse = (file: string): NginxFile | Error => {
    let got = cache.get(file);
    if (got === undefined) {
      try {
        got = parseNginx(host.readText(file), file);
      } catch (err) {
        got = err instanceof Error ? err : new Error(String(err));
      }
      cache.set(file, got);
    }
    return got;
  };

  const admit = (f: NginxFile): void => {
    files.set(f.path, f);
    for (const e of f.errors) problems.push({ kind: 'syntax', message: e.message, span: { file: f.path, range: e.range } });
  };

  const first = parse(rootPath);
  let root: NginxFile;
  if (first instanceof Error) {
    problems.push({ kind: 'unreadable', message: first.message, span: { file: rootPath, range: { start: ZERO, end: ZERO } } });
    root = emptyFile(rootPath);
    files.set(rootPath, root);
  } else {
    root = first;
    admit(root);
  }

  // The same snippet is often included in every server: each pattern is looked up once per including folder.
  const resolved = new Map<string, IncludeResolution>();
  const resolve = (pattern: string, includer: string): IncludeResolution => {
    const key = `${pattern}\0${path.dirname(includer)}`;
    let res = resolved.get(key);
    if (!res) resolved.set(key, (res = resolveInclude(pattern, rootPath, includer, host)));
    return res;
  };

  const failed = new Set<string>();
  const queue: NginxFile[] = [root];
  for (let q = 0; q < queue.length; q++) {
    const f = queue[q];
    const out: Array<{ directive: Directive; target: string }> = [];
    edges.set(f.path, out);
    for (const d of includeDirectives(f)) {
      if (d.args.length !== 1) {
        problems.push({ kind: 'syntax', message: `"include" takes exactly one argument, not ${d.args.length}`, span: { file: d.file, range: d.nameRange } });
        continue;
      }
      const res = resolve(d.args[0].value, f.path);
      if (res.missing) {
        problems.push({ kind: 'missing-include', message: `included file "${d.args[0].value}" not found (looked for ${res.tried.join(', ')})`, span: spanOf(d) });
      }
      const read: string[] = [];
      for (const target of res.files) {
        if (!files.has(target) && !failed.has(target)) {
          const got = parse(target);
          if (got instanceof Error) {
            failed.add(target);
            problems.push({ kind: 'unreadable', message: `included file ${got.message}`, span: spanOf(d) });
            continue;
          }
          admit(got);
          queue.push(got);
        }
        if (failed.has(target)) continue;
        read.push(target);
        out.push({ directive: d, target });
      }
      includes.set(d, read);
    }
  }

  problems.push(...findCycles(root.path, edges, path.dirname(rootPath)));
  return { root, files, includes, problems };
}

/** One problem per include that closes a cycle (a back edge of a depth-first walk from the root). */
function findCycles(rootPath: string, edges: Map<string, Array<{ directive: Directive; target: string }>>, base: string): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const pathFiles: string[] = [rootPath];
  const cursor: number[] = [0];
  onPath.set(rootPath, 0);
  const show = (p: string): string => path.relative(base, p) || path.basename(p);
  while (pathFiles.length) {
    const file = pathFiles[pathFiles.length - 1];
    const out = edges.get(file) ?? [];
    const i = cursor[cursor.length - 1]++;
    if (i >= out.length) {
      onPath.delete(file);
      done.add(file);
      pathFiles.pop();
      cursor.pop();
      continue;
    }
    const { directive, target } = out[i];
    const at = onPath.get(target);
    if (at !== undefined) {
      const chain = [...pathFiles.slice(at), target].map(show).join(' → ');
      problems.push({ kind: 'include-cycle', message: `include cycle: ${chain} (not followed)`, span: spanOf(directive) });
      continue;
    }
    if (done.has(target)) continue;
    onPath.set(target, pathFiles.length);
    pathFiles.push(target);
    cursor.push(0);
  }
  return problems;
}

/**
 * `directives` with every `include` replaced by the top-level directives of the
 * files it pulls in (recursively, in order), each with the chain of includes
 * that led to it. Blocks are left as they are: call again on `block.directives`
 * with the same `via`, so a snippet included in several places is seen in each.
 * An include leading back into a file already on the chain is skipped.
 */
export function expandDirectives(config: NginxConfig, directives: Directive[], via: Directive[] = []): Array<{ directive: Directive; via: Directive[] }> {
  // Most blocks include nothing: one exact-size list, item for directive.
  if (!directives.some(isInclude)) return directives.map((directive) => ({ directive, via }));
  const out: Array<{ directive: Directive; via: Directive[] }> = [];
  for (const d of directives) {
    const targets = d.name === 'include' ? config.includes.get(d) : undefined;
    if (!targets) {
      out.push({ directive: d, via });
      continue;
    }
    for (const target of targets) {
      if (target === d.file || via.some((v) => v.file === target)) continue;
      const file = config.files.get(target);
      if (file) out.push(...expandDirectives(config, file.directives, [...via, d]));
    }
  }
  return out;
}

function isInclude(d: Directive): boolean {
  return d.name === 'include';
}

/**
 * A host that can say which file a path really is (through symbolic links).
 * Debian's `sites-enabled/x` is a link to `sites-available/x`: both are found
 * in a workspace, nginx includes the first, and the second must not then be
 * analysed again as an entry point of its own.
 */
export type RealPathHost = FileHost & { realPath?: (file: string) => string };

/**
 * Of the nginx files of a workspace, those no other candidate includes (directly or not): the entry points.
 * Finding them loads every candidate: `configs` keeps those loads, so the roots need not be read and parsed again.
 */
export function findRootFiles(candidates: string[], host: RealPathHost, cache: ParseCache = new Map(), configs?: Map<string, NginxConfig>): string[] {
  // Each path is resolved through the file system once, however often the sorting and covering below ask.
  const reals = new Map<string, string>();
  const real = (f: string): string => {
    let r = reals.get(f);
    if (r === undefined) reals.set(f, (r = host.realPath ? host.realPath(f) : f));
    return r;
  };
  const reach = new Map<string, Set<string>>();
  for (const c of candidates) {
    const self = real(c);
    const config = loadNginxConfig(c, host, cache);
    configs?.set(c, config);
    reach.set(c, new Set([...config.files.keys()].map(real).filter((f) => f !== self)));
  }
  const included = new Set<string>();
  for (const set of reach.values()) for (const f of set) included.add(f);
  // One root per real file: the path that is the file itself wins over a link to it.
  const order = [...candidates].sort((a, b) => Number(real(a) !== a) - Number(real(b) !== b));
  const covered = new Set<string>();
  const roots: string[] = [];
  const take = (c: string): void => {
    roots.push(c);
    covered.add(real(c));
    for (const f of reach.get(c) ?? []) covered.add(f);
  };
  for (const c of order) if (!included.has(real(c)) && !covered.has(real(c))) take(c);
  // Files that only include each other in a cycle: the first of each such group stands for it.
  for (const c of [...order].sort()) if (!covered.has(real(c))) take(c);
  const chosen = new Set(roots);
  return candidates.filter((c) => chosen.has(c));
}
