import * as path from 'node:path';
import type { Span } from '../../core/range';
import type { FileHost } from '../../engine/source';
import { hasGlobMagic } from '../../engine/glob';
import type { ApacheDirective, ApacheFile, ApacheNode } from './ast';
import { parseApache } from './parser';

export interface ApacheLoadProblem {
  kind: 'syntax' | 'missing-include' | 'include-cycle' | 'unreadable';
  message: string;
  span: Span;
}

export interface ApacheConfig {
  root: ApacheFile;
  /** `ServerRoot` as written in the root file, or the root file's folder. */
  serverRoot: string;
  files: Map<string, ApacheFile>;
  /** Each `Include`/`IncludeOptional` → the files it pulls in, in Apache's order (only files that were read). */
  includes: Map<ApacheDirective, string[]>;
  problems: ApacheLoadProblem[];
}

export type ApacheParseCache = Map<string, ApacheFile | Error>;

const ZERO = { line: 0, character: 0, offset: 0 };

export function isInclude(n: ApacheNode): n is ApacheDirective {
  return n.kind === 'directive' && (n.key === 'include' || n.key === 'includeoptional');
}

/** Every node of a list and its sections, in document order, without recursion. */
export function walkNodes(nodes: ApacheNode[], visit: (n: ApacheNode) => void): void {
  const stack: Array<{ list: ApacheNode[]; i: number }> = [{ list: nodes, i: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const n = top.list[top.i++];
    visit(n);
    if (n.kind === 'section') stack.push({ list: n.children, i: 0 });
  }
}

/** `ServerRoot` of a root file (its first top-level one), else the file's folder. */
export function serverRootOf(file: ApacheFile): string {
  const d = file.nodes.find((n) => n.kind === 'directive' && n.key === 'serverroot');
  const arg = d?.args[0]?.value;
  if (arg) return path.resolve(path.dirname(file.path), arg);
  return path.dirname(file.path);
}

export interface ApacheIncludeResolution {
  files: string[];
  tried: string[];
  /** Nothing found for a plain `Include` (an error in Apache; never for `IncludeOptional`). */
  missing: boolean;
}

/**
 * Apache resolves a relative include against `ServerRoot`; the including file's
 * folder is tried after it so a snippet analysed away from its server still
 * finds its neighbours. A folder includes every file in it, sorted.
 */
export function resolveApacheInclude(pattern: string, optional: boolean, serverRoot: string, includer: string, host: FileHost): ApacheIncludeResolution {
  const bases = [...new Set([serverRoot, path.dirname(includer)])];
  const candidates = path.isAbsolute(pattern) ? [pattern] : bases.map((b) => path.join(b, pattern));
  for (const c of candidates) {
    const found = hasGlobMagic(c) ? host.glob(c) : host.exists(c) ? [c] : [];
    const files: string[] = [];
    for (const f of found) {
      // A folder (or a glob naming folders) includes the files inside it; only folders have entries.
      const inside = host.glob(path.join(f, '*'));
      files.push(...(inside.length ? inside : [f]));
    }
    if (found.length) return { files, tried: candidates, missing: false };
  }
  return { files: [], tried: candidates, missing: !optional };
}

function spanOf(d: ApacheDirective): Span {
  return { file: d.file, range: d.args.length ? d.args[0].range : d.nameRange };
}

/** Reads and parses an Apache configuration and every file it includes; never follows a cycle. */
export function loadApacheConfig(rootPath: string, host: FileHost, cache: ApacheParseCache = new Map()): ApacheConfig {
  const files = new Map<string, ApacheFile>();
  const includes = new Map<ApacheDirective, string[]>();
  const problems: ApacheLoadProblem[] = [];
  const edges = new Map<string, Array<{ directive: ApacheDirective; target: string }>>();

  const parse = (file: string): ApacheFile | Error => {
    let got = cache.get(file);
    if (got === undefined) {
      try {
        got = parseApache(host.readText(file), file);
      } catch (err) {
        got = err instanceof Error ? err : new Error(String(err));
      }
      cache.set(file, got);
    }
    return got;
  };
  const admit = (f: ApacheFile): void => {
    files.set(f.path, f);
    for (const e of f.errors) problems.push({ kind: 'syntax', message: e.message, span: { file: f.path, range: e.range } });
  };

  const first = parse(rootPath);
  let root: ApacheFile;
  if (first instanceof Error) {
    problems.push({ kind: 'unreadable', message: first.message, span: { file: rootPath, range: { start: ZERO, end: ZERO } } });
    root = { path: rootPath, text: '', nodes: [], comments: [], errors: [] };
    files.set(rootPath, root);
  } else {
    root = first;
    admit(root);
  }
  const serverRoot = serverRootOf(root);

  const failed = new Set<string>();
  const queue: ApacheFile[] = [root];
  for (let q = 0; q < queue.length; q++) {
    const f = queue[q];
    const out: Array<{ directive: ApacheDirective; target: string }> = [];
    edges.set(f.path, out);
    const directives: ApacheDirective[] = [];
    walkNodes(f.nodes, (n) => {
      if (isInclude(n)) directives.push(n);
    });
    for (const d of directives) {
      if (d.args.length !== 1) {
        problems.push({ kind: 'syntax', message: `${d.name} takes one argument, not ${d.args.length}`, span: { file: d.file, range: d.nameRange } });
        continue;
      }
      const optional = d.key === 'includeoptional';
      const res = resolveApacheInclude(d.args[0].value, optional, serverRoot, f.path, host);
      if (res.missing) {
        const what = hasGlobMagic(d.args[0].value) ? `no file matches "${d.args[0].value}"` : `included file "${d.args[0].value}" not found`;
        problems.push({ kind: 'missing-include', message: `${what} (looked for ${res.tried.join(', ')}); Apache refuses to start. Use IncludeOptional if it may be absent`, span: spanOf(d) });
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
  return { root, serverRoot, files, includes, problems };
}

function findCycles(rootPath: string, edges: Map<string, Array<{ directive: ApacheDirective; target: string }>>, base: string): ApacheLoadProblem[] {
  const problems: ApacheLoadProblem[] = [];
  const done = new Set<string>();
  const onPath = new Map<string, number>([[rootPath, 0]]);
  const chain: string[] = [rootPath];
  const cursor: number[] = [0];
  const show = (p: string): string => path.relative(base, p) || path.basename(p);
  while (chain.length) {
    const file = chain[chain.length - 1];
    const out = edges.get(file) ?? [];
    const i = cursor[cursor.length - 1]++;
    if (i >= out.length) {
      onPath.delete(file);
      done.add(file);
      chain.pop();
      cursor.pop();
      continue;
    }
    const { directive, target } = out[i];
    const at = onPath.get(target);
    if (at !== undefined) {
      const loop = [...chain.slice(at), target].map(show).join(' → ');
      problems.push({ kind: 'include-cycle', message: `include cycle: ${loop} (not followed; Apache stops with "recursion")`, span: spanOf(directive) });
      continue;
    }
    if (done.has(target)) continue;
    onPath.set(target, chain.length);
    chain.push(target);
    cursor.push(0);
  }
  return problems;
}

export interface ExpandedNode {
  node: ApacheNode;
  /** The chain of `Include`s that led to it (empty for nodes of the file itself). */
  via: ApacheDirective[];
}

/**
 * `nodes` with every include replaced by the top-level nodes of the files it
 * pulls in, each with the include chain. Sections are left whole: expand their
 * children with the same `via`. An include back into a file on the chain is skipped.
 */
export function expandIncludes(config: ApacheConfig, nodes: ApacheNode[], via: ApacheDirective[] = []): ExpandedNode[] {
  const out: ExpandedNode[] = [];
  for (const n of nodes) {
    if (!isInclude(n)) {
      out.push({ node: n, via });
      continue;
    }
    for (const target of config.includes.get(n) ?? []) {
      if (target === n.file || via.some((v) => v.file === target)) continue;
      const file = config.files.get(target);
      if (file) out.push(...expandIncludes(config, file.nodes, [...via, n]));
    }
  }
  return out;
}
