import type { Fix, TextEdit } from '../core/finding';
import type { HeaderEmission, ResponseBranch } from '../model/cors-policy';
import type { FixProvider } from '../rules/rule';
import { PLACEHOLDER_ORIGIN, buildOriginMap, mapVariableName } from './nginx-origin-map';
import { aloneOnLine, directiveAt, ifRegexArg, indentAt, indentUnit, lineStart, parseNginxText, quoteArg, wordAt, type TextDirective } from './nginx-text';

/** Levels where `proxy_hide_header` and `add_header` may be written (not `if`, not `limit_except`). */
const HEADER_LEVELS = new Set(['http', 'server', 'location']);

function fix(title: string, edits: TextEdit[], safe = false): Fix {
  return { title, edits, safe };
}

function insert(file: string, at: number, newText: string): TextEdit {
  return { file, start: at, end: at, newText };
}

/** Whether the branch already answers with a `Vary` that names Origin. */
function variesOnOrigin(branch: ResponseBranch | undefined): boolean {
  return !!branch?.headers.some(
    (h) => h.key === 'vary' && h.value.cases.some((c) => c.parts.some((p) => p.kind === 'text' && /(^|,)\s*(origin|\*)\s*(,|$)/i.test(p.text))),
  );
}

export function createNginxFixer(readText: (file: string) => string | undefined): FixProvider {
  /** The `add_header` directive behind an emission, with its file text. */
  const addHeaderOf = (e: HeaderEmission): { text: string; d: TextDirective } | undefined => {
    const text = readText(e.at.file);
    if (text === undefined) return undefined;
    const d = directiveAt(text, e.at.range.start.offset);
    if (!d || d.name !== 'add_header' || d.args.length < 2) return undefined;
    return { text, d };
  };

  /** A new line holding `line`, right after the directive, at its indentation. */
  const lineAfter = (file: string, text: string, d: TextDirective, line: string): TextEdit =>
    insert(file, d.end, `\n${indentAt(text, d.start)}${line}`);

  const provider: FixProvider = {
    addAlways(e) {
      const hit = addHeaderOf(e);
      if (!hit || hit.d.args.length !== 2) return undefined;
      return fix(`Add \`always\` to ${e.name}`, [insert(e.at.file, hit.d.args[1].end, ' always')], true);
    },

    addVaryOrigin(_policy, acao) {
      const hit = addHeaderOf(acao);
      if (!hit) return undefined;
      return fix('Add `Vary: Origin`', [lineAfter(acao.at.file, hit.text, hit.d, 'add_header Vary Origin always;')], true);
    },

    replaceValue(e, newValue, title) {
      const hit = addHeaderOf(e);
      if (!hit) return undefined;
      const arg = hit.d.args[1];
      // A value computed from variables is written elsewhere (a map); rewriting the reference would change meaning.
      if (arg.raw.includes('$')) return undefined;
      const quote = arg.raw.startsWith('"') ? '"' : arg.raw.startsWith("'") ? "'" : null;
      return fix(title, [{ file: e.at.file, start: arg.start, end: arg.end, newText: quoteArg(newValue, quote) }]);
    },

    allowlistOrigin(policy, acao, origins) {
      const hit = addHeaderOf(acao);
      if (!hit) return undefined;
      const { text, d } = hit;
      const arg = d.args[1];
      const reflects = /^["']?\$(\{http_origin\}|http_origin)["']?$/.test(arg.raw);
      if (!reflects && arg.raw.includes('$')) return tightenOriginMap(acao.at.file, text, arg.raw, origins);
      // A map is only valid at http level: inside `http`, or at the top of a file of servers (included from http).
      const server = ancestor(d, 'server');
      if (!server || (server.parent && server.parent.name !== 'http')) return undefined;
      // Before the first server of that level: every fix in one file then inserts the same map at the same place.
      const siblings = server.parent?.block?.children ?? parseNginxText(text);
      const replaceValue: TextEdit = { file: acao.at.file, start: arg.start, end: arg.end, newText: '' };
      const edits: TextEdit[] = [replaceValue];
      // A map with exactly these origins already there (an earlier fix): use it rather than add a twin.
      const existing = origins.length > 0 ? siblings.find((m) => isOriginMapOf(m, origins)) : undefined;
      if (existing) {
        replaceValue.newText = existing.args[1].raw;
      } else {
        const firstServer = siblings.find((x) => x.name === 'server') ?? server;
        // The map lands in the http context the includers share: its name must be free in all of them.
        const related = [policy.at.file, ...(acao.via ?? []).map((v) => v.file)].filter((f) => f !== acao.at.file);
        const variable = mapVariableName([text, ...[...new Set(related)].map((f) => readText(f) ?? '')].join('\n'));
        const indent = indentAt(text, firstServer.start);
        replaceValue.newText = `$${variable}`;
        edits.unshift(insert(acao.at.file, aboveLeadingComments(text, firstServer.start), buildOriginMap(variable, origins, indent, indentUnit(text))));
      }
      const branch = policy.branches.find((b) => b.headers.includes(acao));
      if (!variesOnOrigin(branch)) edits.push(lineAfter(acao.at.file, text, d, 'add_header Vary Origin always;'));
      const title = origins.length > 0 ? `Allow only ${origins.join(', ')}` : 'Replace with an explicit allowlist (fill in your origins)';
      return fix(title, edits, origins.length > 0);
    },

    replacePattern(matcher, safePattern) {
      if (matcher.kind !== 'regex' || !matcher.at) return undefined;
      const text = readText(matcher.at.file);
      if (text === undefined) return undefined;
      const start = matcher.at.range.start.offset;
      const block = directiveAt(text, start);
      // The check may be reported on the whole `if`: its regex is the word after the operator.
      const arg = block?.name === 'if' && block.start === start ? ifRegexArg(block) : wordAt(text, start, matcher.at.range.end.offset);
      if (!arg) return undefined;
      const quote = arg.raw.startsWith('"') ? '"' : arg.raw.startsWith("'") ? "'" : null;
      const inner = quote ? arg.raw.slice(1, -1) : arg.raw;
      // Map keys carry the operator inside the word (`~`, `~*`); `if` conditions have it as a separate word.
      const op = /^~\*?/.exec(inner)?.[0] ?? '';
      return fix(`Use the pattern ${safePattern}`, [{ file: matcher.at.file, start: arg.start, end: arg.end, newText: quoteArg(op + safePattern, quote) }], true);
    },

    removeEmission(e, title) {
      const text = readText(e.at.file);
      if (text === undefined) return undefined;
      const d = directiveAt(text, e.at.range.start.offset);
      if (!d || d.block) return undefined;
      return removeStatement(e.at.file, text, d, title);
    },

    removeOriginCase(valueCase, title) {
      const text = readText(valueCase.at.file);
      if (text === undefined) return undefined;
      const entry = directiveAt(text, valueCase.at.range.start.offset);
      // Only a line of a map: anything else (an `if`, an add_header) is not one entry of a list.
      if (!entry || entry.block || entry.parent?.name !== 'map' || entry.name === 'default') return undefined;
      return removeStatement(valueCase.at.file, text, entry, title);
    },

    hideUpstreamHeader(_policy, branch, headerNames) {
      const wanted = typeof headerNames === 'string' ? [headerNames] : [...headerNames];
      if (wanted.length === 0) return undefined;
      const pass = branch.passesUpstreamHeaders;
      if (!pass) return undefined;
      const text = readText(pass.at.file);
      if (text === undefined) return undefined;
      const proxy = directiveAt(text, pass.at.range.start.offset);
      if (!proxy) return undefined;
      // proxy_hide_header is not allowed inside `if`: write it in the nearest level that accepts it.
      let child: TextDirective = proxy;
      while (child.parent && !HEADER_LEVELS.has(child.parent.name)) child = child.parent;
      const level = child.parent;
      if (!level?.block) return undefined;
      // Like add_header, a level with its own proxy_hide_header stops inheriting the outer ones: repeat them.
      const own = new Set(level.block.children.filter((c) => c.name === 'proxy_hide_header').map((c) => c.args[0]?.raw.toLowerCase()));
      const names = [...pass.hidden.filter((h) => !own.has(h.toLowerCase()) && !isAlwaysHidden(h)), ...wanted];
      const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
      const title = `Hide the upstream's ${wanted.join(', ')} (proxy_hide_header)`;
      // The level's first proxying statement anchors the lines, so two proxied branches of one level share one edit.
      child = level.block.children.find(proxies) ?? child;
      const indent = indentAt(text, child.start);
      // Right after proxy_pass when it sits in that level; else just before the `if` that holds it.
      if (child.name === 'proxy_pass') {
        const lines = unique.map((n) => `\n${indent}proxy_hide_header ${n};`).join('');
        return fix(title, [insert(pass.at.file, child.end, lines)], true);
      }
      const lines = unique.map((n) => `${indent}proxy_hide_header ${n};\n`).join('');
      return fix(title, [insert(pass.at.file, lineStart(text, child.start), lines)], true);
    },

    repeatInherited(_policy, _branch, dropped, at) {
      const text = readText(at.file);
      if (text === undefined) return undefined;
      const because = directiveAt(text, at.range.start.offset);
      if (!because) return undefined;
      const indent = indentAt(text, because.start);
      // Headers that all come from one snippet of add_header lines: include the snippet again, as the outer level does.
      const snippet = snippetInclude(dropped, readText);
      if (snippet) {
        return fix(`Include ${snippet.replace(/^include\s+/, '').replace(/;$/, '')} here too`, [insert(at.file, lineStart(text, because.start), `${indent}${snippet}\n`)], true);
      }
      const lines: string[] = [];
      for (const e of dropped) {
        const src = readText(e.at.file);
        const d = src === undefined ? undefined : directiveAt(src, e.at.range.start.offset);
        if (!src || !d || d.name !== 'add_header') return undefined;
        const line = `${indent}${src.slice(d.start, d.end).replace(/\s*\n\s*/g, ' ')}\n`;
        if (!lines.includes(line)) lines.push(line);
      }
      if (lines.length === 0) return undefined;
      return fix('Repeat the inherited CORS headers here', [insert(at.file, lineStart(text, because.start), lines.join(''))], true);
    },
  };
  return keepLineEndings(provider, readText);
}

/** Edits written with `\n` follow the file's own line endings (CRLF files stay CRLF). */
function keepLineEndings(provider: FixProvider, readText: (file: string) => string | undefined): FixProvider {
  // A large file gets many fixes: look for CRLF once per text, not once per edit.
  const crlf = new Map<string, { text: string | undefined; crlf: boolean }>();
  const usesCrlf = (file: string): boolean => {
    const text = readText(file);
    let known = crlf.get(file);
    if (!known || known.text !== text) crlf.set(file, (known = { text, crlf: text?.includes('\r\n') === true }));
    return known.crlf;
  };
  const adapt = (f: Fix | undefined): Fix | undefined => {
    if (!f) return f;
    const edits = f.edits.map((e) => (usesCrlf(e.file) ? { ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') } : e));
    return { ...f, edits };
  };
  return {
    addAlways: (...a) => adapt(provider.addAlways(...a)),
    addVaryOrigin: (...a) => adapt(provider.addVaryOrigin(...a)),
    replaceValue: (...a) => adapt(provider.replaceValue(...a)),
    allowlistOrigin: (...a) => adapt(provider.allowlistOrigin(...a)),
    replacePattern: (...a) => adapt(provider.replacePattern(...a)),
    removeEmission: (...a) => adapt(provider.removeEmission(...a)),
    hideUpstreamHeader: (...a) => adapt(provider.hideUpstreamHeader(...a)),
    repeatInherited: (...a) => adapt(provider.repeatInherited(...a)),
    removeOriginCase: (...a) => adapt(provider.removeOriginCase?.(...a)),
  };
}

/**
 * ACAO names a map of `$http_origin` whose default echoes the Origin: the default
 * becomes empty and the trusted origins get entries of their own.
 */
function tightenOriginMap(file: string, text: string, reference: string, origins: readonly string[]): Fix | undefined {
  const name = /^["']?\$\{?(\w+)\}?["']?$/.exec(reference)?.[1];
  if (!name) return undefined;
  const map = findMap(parseNginxText(text), name);
  const entries = map?.block?.children ?? [];
  const fallback = entries.find((e) => e.name === 'default' && /^["']?\$\{?http_origin\}?["']?$/.test(e.args[0]?.raw ?? ''));
  if (!map || !fallback) return undefined;
  const indent = indentAt(text, fallback.start);
  const listed = origins.length > 0 ? origins : [PLACEHOLDER_ORIGIN];
  const lines = listed.map((o) => `\n${indent}${quoteArg(o, '"')} $http_origin;`).join('');
  const note = origins.length > 0 ? '' : `\n${indent}# Placeholder: list every origin allowed to read these responses.`;
  const value = fallback.args[0];
  return fix(
    origins.length > 0 ? `Allow only ${origins.join(', ')}` : 'Replace with an explicit allowlist (fill in your origins)',
    [{ file, start: value.start, end: value.end, newText: '""' }, insert(file, fallback.end, note + lines)],
    origins.length > 0,
  );
}

function findMap(list: readonly TextDirective[], variable: string): TextDirective | undefined {
  for (const d of list) {
    if (d.name === 'map' && d.args[0]?.raw === '$http_origin' && d.args[1]?.raw === `$${variable}`) return d;
    const inner = d.name === 'http' && d.block ? findMap(d.block.children, variable) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

function proxies(d: TextDirective): boolean {
  return d.name === 'proxy_pass' || !!d.block?.children.some(proxies);
}

/**
 * `include x;` when every dropped header comes from one included file that holds
 * nothing but those add_header lines, so including it again restores exactly them.
 */
function snippetInclude(dropped: readonly HeaderEmission[], readText: (file: string) => string | undefined): string | undefined {
  const files = new Set(dropped.map((e) => e.at.file));
  if (files.size !== 1) return undefined;
  const [file] = files;
  const text = readText(file);
  if (text === undefined) return undefined;
  const statements = parseNginxText(text);
  const starts = new Set(dropped.map((e) => e.at.range.start.offset));
  if (statements.length === 0 || !statements.every((d) => d.name === 'add_header' && starts.has(d.start))) return undefined;
  for (const v of dropped[0].via ?? []) {
    const host = readText(v.file);
    const d = host === undefined ? undefined : directiveAt(host, v.range.start.offset);
    if (host !== undefined && d?.name === 'include' && !d.block) return host.slice(d.start, d.end);
  }
  return undefined;
}

/** Deletes a statement: its whole line when it is alone there, else just it and the blanks before it. */
function removeStatement(file: string, text: string, d: TextDirective, title: string): Fix {
  if (!aloneOnLine(text, d.start, d.end)) {
    let from = d.start;
    while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    return fix(title, [{ file, start: from, end: d.end, newText: '' }]);
  }
  const nl = text.indexOf('\n', d.end);
  return fix(title, [{ file, start: lineStart(text, d.start), end: nl < 0 ? text.length : nl + 1, newText: '' }]);
}

/** `map $http_origin $x { default ""; "<o>" $http_origin; ... }` for exactly these origins. */
function isOriginMapOf(d: TextDirective, origins: readonly string[]): boolean {
  if (d.name !== 'map' || d.args[0]?.raw !== '$http_origin' || !d.args[1]?.raw.startsWith('$') || !d.block) return false;
  const unquote = (raw: string): string => (/^["']/.test(raw) ? raw.slice(1, -1) : raw);
  const entries = d.block.children.map((c) => `${unquote(c.name)}\u0000${unquote(c.args[0]?.raw ?? '')}`).sort();
  const wanted = ['default\u0000', ...origins.map((o) => `${o}\u0000$http_origin`)].sort();
  return entries.length === wanted.length && entries.every((e, i) => e === wanted[i]);
}

/** The start of the comment lines right above a statement (they describe it, so the insert goes above them). */
function aboveLeadingComments(text: string, offset: number): number {
  let at = lineStart(text, offset);
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    if (!text.slice(prev, at).trim().startsWith('#')) break;
    at = prev;
  }
  return at;
}

/** nginx hides these from every upstream answer on its own. */
function isAlwaysHidden(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'date' || n === 'server' || n === 'x-pad' || n.startsWith('x-accel-');
}

function ancestor(d: TextDirective, name: string): TextDirective | undefined {
  for (let cur = d.parent; cur; cur = cur.parent) if (cur.name === name) return cur;
  return undefined;
}

