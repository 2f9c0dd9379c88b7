import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy } from '../../cors-policy';
import { policy } from '../js/policy-parts';
import { descendants, field, invocation, javaString, named, unparen } from './ast';
import { javaFixTargets, type Insertion, type OriginSite, type OriginSiteKind } from './fix-targets';
import { applyPermitDefaults, emptyCors, setList, springBranches, type SpringCors, type SpringWiring } from './spring-config';
import type { JavaValues } from './values';

type ListKey = 'origins' | 'patterns' | 'methods' | 'headers' | 'exposed';

/** Builder and setter names → the list they fill, whether they add to it, and how a fix names the site. */
const LIST_CALLS: Record<string, [ListKey, boolean, OriginSiteKind?]> = {
  allowedOrigins: ['origins', false, 'chain-origins'], allowedOriginPatterns: ['patterns', false, 'chain-patterns'],
  allowedMethods: ['methods', false], allowedHeaders: ['headers', false], exposedHeaders: ['exposed', false],
  setAllowedOrigins: ['origins', false, 'set-origins'], setAllowedOriginPatterns: ['patterns', false, 'set-patterns'],
  addAllowedOrigin: ['origins', true, 'add-origin'], addAllowedOriginPattern: ['patterns', true, 'add-pattern'],
  setAllowedMethods: ['methods', false], addAllowedMethod: ['methods', true],
  setAllowedHeaders: ['headers', false], addAllowedHeader: ['headers', true],
  setExposedHeaders: ['exposed', false], addExposedHeader: ['exposed', true],
};

/**
 * `WebMvcConfigurer.addCorsMappings`: `registry.addMapping(path)` starts from
 * the permit defaults (spring-webmvc `CorsRegistration` constructor) and each
 * chained call replaces one list.
 */
export function registryPolicies(values: JavaValues): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  for (const n of descendants(values.file.tree.rootNode)) {
    const inv = n.type === 'method_invocation' ? invocation(n) : undefined;
    if (inv?.name !== 'addMapping' || inv.args.length !== 1) continue;
    const path = javaString(inv.args[0]) ?? inv.args[0].text;
    const c = emptyCors(values.span(n));
    applyPermitDefaults(c);
    const sites: OriginSite[] = [];
    let top = n;
    for (let p = n.parent; p && p.type === 'method_invocation' && field(p, 'object')?.id === top.id; p = p.parent) {
      apply(values, c, p, sites);
      top = p;
    }
    out.push(finish(values, c, 'mapping', `registry.addMapping("${path}")`, sites, { file: values.file.path, offset: field(n, 'arguments')!.endIndex, text: (o) => `.allowedOrigins(${o})` }));
  }
  return out;
}

/**
 * `new CorsConfiguration()` objects filled by setters (a bare one allows no
 * origin and only GET/HEAD), used by `UrlBasedCorsConfigurationSource`,
 * `CorsFilter` or Spring Security's `http.cors()`, which all run
 * `DefaultCorsProcessor` on CORS requests.
 */
export function configurationPolicies(values: JavaValues): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  const root = values.file.tree.rootNode;
  for (const n of descendants(root)) {
    if (n.type !== 'object_creation_expression' || field(n, 'type')?.text.replace(/^.*\./, '') !== 'CorsConfiguration') continue;
    if (named(field(n, 'arguments') ?? n).length > 0 && field(n, 'arguments')) continue;
    const declarator = owner(n);
    const name = declarator && field(declarator, 'name')?.text;
    const c = emptyCors(values.span(n));
    const sites: OriginSite[] = [];
    // `new CorsConfiguration().applyPermitDefaultValues()` and setters chained on the object.
    for (let p = n.parent, top = n; p && p.type === 'method_invocation' && field(p, 'object')?.id === top.id; top = p, p = p.parent) apply(values, c, p, sites);
    const scope = declarator && enclosingBody(declarator);
    let registered: string | undefined;
    if (name && scope) {
      for (const m of descendants(scope)) {
        const inv = m.type === 'method_invocation' ? invocation(m) : undefined;
        if (!inv || m.startIndex < n.endIndex) continue;
        if (inv.object && unparen(inv.object).text === name) apply(values, c, m, sites);
        if (inv.name === 'registerCorsConfiguration' && inv.args[1]?.text === name) registered = javaString(inv.args[0]) ?? inv.args[0].text;
      }
    }
    if (!registered && sites.length === 0 && !c.methods && !c.credentials) continue;
    const insertAfter = declarator?.parent ?? n;
    const statement = name ? `\n${indentOf(values.file.text, insertAfter.startIndex)}${name}.setAllowedOrigins(java.util.List.of(ORIGINS));` : undefined;
    out.push(finish(values, c, 'filter', `CorsConfiguration${registered ? ` for ${registered}` : name ? ` ${name}` : ''}`, sites,
      statement ? { file: values.file.path, offset: insertAfter.endIndex, text: (o) => statement.replace('ORIGINS', o) } : undefined));
  }
  return out;
}

function finish(values: JavaValues, c: SpringCors, wiring: SpringWiring, label: string, sites: OriginSite[], insert: Insertion | undefined): CorsPolicy {
  const model = springBranches(c, wiring, values.springVersion);
  const made = policy('spring', label, c.at, model.branches, [...model.notes, ...values.notes]);
  javaFixTargets.set(made, { sites, insert });
  return made;
}

function apply(values: JavaValues, c: SpringCors, call: Node, sites: OriginSite[]): void {
  const inv = invocation(call);
  if (!inv) return;
  const nameNode = field(call, 'name')!;
  const whole = { file: values.file.path, range: { start: values.span(nameNode).range.start, end: values.span(call).range.end } };
  const spec = LIST_CALLS[inv.name];
  if (spec) {
    const [key, add, site] = spec;
    if (key === 'methods') {
      // `HttpMethod.GET`, `RequestMethod.POST` or strings.
      const list = inv.args.flatMap((a) => {
        const v = values.evaluate(a);
        if (v.kind === 'string') return [v.value];
        if (v.kind === 'list') return v.items.map((i) => (i.kind === 'string' ? i.value : i.node.text.replace(/^.*\./, '')));
        return [a.text.replace(/^.*\./, '').replace(/\.name\(\)$/, '')];
      });
      setList(c, 'methods', list.map((value) => ({ value, at: whole })), add);
      return;
    }
    const list = values.strings(inv.args);
    if (!list) {
      if (key === 'origins' || key === 'patterns') c.opaqueOrigins = whole;
      c.unknown.push({ why: `the arguments of ${inv.name}`, at: whole });
      return;
    }
    // `addAllowedOrigin("a,b")` splits on commas in spring-web 6 (CorsConfiguration.parseCommaDelimitedOrigin).
    const entries = list.flatMap((e) => e.value.split(',').map((value) => ({ value: value.trim(), at: values.span(e.node) }))).filter((e) => e.value !== '');
    setList(c, key, entries, add);
    if (site) sites.push({ kind: site, span: whole, star: entries.some((e) => e.value === '*') });
    return;
  }
  const arg = inv.args[0] ? values.evaluate(inv.args[0]) : undefined;
  if (inv.name === 'allowCredentials' || inv.name === 'setAllowCredentials') {
    if (arg?.kind === 'bool') c.credentials = { value: arg.value, at: whole };
    else if (arg) c.unknown.push({ why: 'allowCredentials', at: whole });
  } else if (inv.name === 'allowPrivateNetwork' || inv.name === 'setAllowPrivateNetwork') {
    if (arg?.kind === 'bool') c.privateNetwork = { value: arg.value, at: whole };
  } else if (inv.name === 'maxAge' || inv.name === 'setMaxAge') {
    if (arg?.kind === 'number') c.maxAge = { value: arg.value, at: whole };
    const seconds = /^Duration\.of(Seconds|Minutes|Hours|Days)\(\s*(\d+)\s*\)$/.exec(inv.args[0]?.text ?? '');
    if (seconds) c.maxAge = { value: Number(seconds[2]) * { Seconds: 1, Minutes: 60, Hours: 3600, Days: 86400 }[seconds[1] as 'Seconds'], at: whole };
  } else if (inv.name === 'applyPermitDefaultValues') {
    applyPermitDefaults(c);
  }
}

function owner(n: Node): Node | undefined {
  let p = n.parent;
  while (p && p.type === 'method_invocation') p = p.parent;
  if (p?.type === 'variable_declarator') return p;
  return undefined;
}

function enclosingBody(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'block' || p.type === 'class_body') return p;
  return undefined;
}

function indentOf(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}
