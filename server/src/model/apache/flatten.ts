import type { Span } from '../../core/range';
import type { ApacheDirective, ApacheNode, ApacheSection } from '../../parsers/apache/ast';
import { type ApacheConfig, expandIncludes, walkNodes } from '../../parsers/apache/loader';

/**
 * The configuration with includes spliced in and `<IfModule>`, `<IfDefine>`,
 * `<IfVersion>` resolved, the way httpd reads it before serving a request.
 */
export type Item =
  | { kind: 'directive'; d: ApacheDirective; via: Span[] }
  | { kind: 'section'; s: ApacheSection; items: Item[]; via: Span[] };

/** Compiled into every Debian build; never named by LoadModule. */
const BUILT_IN = ['core', 'so', 'watchdog', 'http_core', 'log_config', 'logio', 'version', 'unixd'];

export interface ModuleFacts {
  /** The configuration loads modules itself (a whole `httpd.conf`), so `<IfModule>` can be decided. */
  complete: boolean;
  loaded: Set<string>;
}

/** `headers_module`, `mod_headers.c` and `mod_headers.so` all name the module `headers`. */
export function moduleName(arg: string): string {
  const base = arg.replace(/^.*\//, '');
  const m = /^mod_([\w]+)\.(c|so)$/.exec(base) ?? /^([\w]+)_module$/.exec(base);
  return (m ? m[1] : base).toLowerCase();
}

export function moduleFacts(config: ApacheConfig): ModuleFacts {
  const loaded = new Set(BUILT_IN);
  let complete = false;
  for (const file of config.files.values()) {
    walkNodes(file.nodes, (n) => {
      if (n.kind === 'directive' && n.key === 'loadmodule' && n.args.length >= 1) {
        complete = true;
        loaded.add(moduleName(n.args[0].value));
      }
    });
  }
  return { complete, loaded };
}

export interface FlattenContext {
  config: ApacheConfig;
  modules: ModuleFacts;
  defines: Set<string>;
  /** `Define NAME value`: what `${NAME}` reads in later arguments. */
  values: Map<string, string>;
  /** Directives skipped because their `<IfModule>` is false (a module that is not loaded). */
  skipped: Array<{ d: ApacheDirective; section: ApacheSection }>;
}

function substitute(ctx: FlattenContext, value: string): string {
  return value.replace(/\$\{([A-Za-z0-9_:.-]+)\}/g, (whole, name: string) => ctx.values.get(name) ?? whole);
}

/** The node with `${NAME}` replaced in its arguments where a Define gave NAME a value (httpd does it while reading). */
function withDefines<T extends ApacheDirective | ApacheSection>(ctx: FlattenContext, node: T): T {
  if (ctx.values.size === 0 || !node.args.some((a) => a.value.includes('${'))) return node;
  return { ...node, args: node.args.map((a) => (a.value.includes('${') ? { ...a, value: substitute(ctx, a.value) } : a)) };
}

function ifModuleHolds(ctx: FlattenContext, s: ApacheSection): boolean {
  if (!ctx.modules.complete) return true;
  const arg = s.args[0]?.value ?? '';
  const negated = arg.startsWith('!');
  const has = ctx.modules.loaded.has(moduleName(negated ? arg.slice(1) : arg));
  return negated ? !has : has;
}

function ifDefineHolds(ctx: FlattenContext, s: ApacheSection): boolean {
  const arg = s.args[0]?.value ?? '';
  const negated = arg.startsWith('!');
  const has = ctx.defines.has(negated ? arg.slice(1) : arg);
  return negated ? !has : has;
}

/** Flattens a node list; recursion is bounded by the parser's section depth limit and the include chain. */
export function flatten(ctx: FlattenContext, nodes: ApacheNode[], via: Span[] = []): Item[] {
  const out: Item[] = [];
  for (const { node, via: chain } of expandIncludes(ctx.config, nodes)) {
    const here = chain.length ? [...via, ...chain.map((d) => ({ file: d.file, range: d.range }))] : via;
    if (node.kind === 'directive') {
      if (node.key === 'define' && node.args[0]) {
        ctx.defines.add(node.args[0].value);
        if (node.args[1]) ctx.values.set(node.args[0].value, substitute(ctx, node.args[1].value));
      }
      out.push({ kind: 'directive', d: withDefines(ctx, node), via: here });
      continue;
    }
    if (node.key === 'ifmodule' || node.key === 'ifdefine') {
      const holds = node.key === 'ifmodule' ? ifModuleHolds(ctx, node) : ifDefineHolds(ctx, node);
      if (holds) out.push(...flatten(ctx, node.children, here));
      else if (node.key === 'ifmodule') walkNodes(node.children, (n) => n.kind === 'directive' && ctx.skipped.push({ d: n, section: node }));
      continue;
    }
    if (node.key === 'ifversion' || node.key === 'iffile' || node.key === 'ifdirective' || node.key === 'ifsection') {
      out.push(...flatten(ctx, node.children, here));
      continue;
    }
    out.push({ kind: 'section', s: withDefines(ctx, node), items: flatten(ctx, node.children, here), via: here });
  }
  return out;
}

export function directivesOf(items: Item[]): ApacheDirective[] {
  return items.filter((i): i is Extract<Item, { kind: 'directive' }> => i.kind === 'directive').map((i) => i.d);
}

export function sectionsOf(items: Item[], ...keys: string[]): Array<Extract<Item, { kind: 'section' }>> {
  return items.filter((i): i is Extract<Item, { kind: 'section' }> => i.kind === 'section' && keys.includes(i.s.key));
}

/** The value of the last directive `key` among `items` (top level only), e.g. DocumentRoot. */
export function lastValue(items: Item[], key: string): ApacheDirective | undefined {
  let found: ApacheDirective | undefined;
  for (const i of items) if (i.kind === 'directive' && i.d.key === key) found = i.d;
  return found;
}
