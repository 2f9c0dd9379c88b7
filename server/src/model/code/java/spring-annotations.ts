import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy } from '../../cors-policy';
import { policy } from '../js/policy-parts';
import { annotationsOf, descendants, field, javaString, named, type Annotation } from './ast';
import { javaFixTargets, type OriginSite } from './fix-targets';
import { applyPermitDefaults, compareVersions, emptyCors, setList, springBranches, type Entry, type SpringCors } from './spring-config';
import type { JavaValues } from './values';

const MAPPINGS: Record<string, string | undefined> = {
  RequestMapping: undefined, GetMapping: 'GET', PostMapping: 'POST', PutMapping: 'PUT', DeleteMapping: 'DELETE', PatchMapping: 'PATCH',
};

/**
 * `@CrossOrigin` on controllers and handler methods, as spring-webmvc's
 * `RequestMappingHandlerMapping.initCorsConfiguration` reads them: the class
 * annotation, then the method's, added together (origins, patterns, methods,
 * headers) with the method's credentials and max age winning; without methods
 * the mapping's own; then `applyPermitDefaultValues`.
 */
export function crossOriginPolicies(values: JavaValues): CorsPolicy[] {
  const out: CorsPolicy[] = [];
  for (const cls of descendants(values.file.tree.rootNode)) {
    if (cls.type !== 'class_declaration') continue;
    const classAnns = annotationsOf(cls);
    const classCors = classAnns.find((a) => a.name === 'CrossOrigin');
    const base = pathOf(classAnns);
    const body = field(cls, 'body');
    let handlers = 0;
    for (const m of body ? named(body) : []) {
      if (m.type !== 'method_declaration') continue;
      const anns = annotationsOf(m);
      const mapping = anns.find((a) => a.name in MAPPINGS);
      if (!mapping) continue;
      handlers++;
      const methodCors = anns.find((a) => a.name === 'CrossOrigin');
      if (!classCors && !methodCors) continue;
      const label = `${field(cls, 'name')?.text ?? 'controller'}.${field(m, 'name')?.text ?? 'handler'}() ${base}${pathOf([mapping])}`.trim();
      out.push(build(values, [classCors, methodCors], mappingMethods(mapping), label, methodCors ?? classCors!));
    }
    if (classCors && handlers === 0) out.push(build(values, [classCors], [], `${field(cls, 'name')?.text ?? 'controller'} ${base}`.trim(), classCors));
  }
  return out;
}

function build(values: JavaValues, anns: (Annotation | undefined)[], mapped: string[], label: string, main: Annotation): CorsPolicy {
  const at = values.span(main.node);
  const c = emptyCors(at);
  const sites: OriginSite[] = [];
  for (const a of anns) if (a) update(values, c, a, sites);
  if (!c.methods && mapped.length) c.methods = mapped.map((value) => ({ value, at }));
  applyPermitDefaults(c);
  const model = springBranches(c, 'annotation', values.springVersion);
  const made = policy('spring', `@CrossOrigin ${label}`, at, model.branches, [...model.notes, ...values.notes]);
  const args = main.args;
  javaFixTargets.set(made, {
    sites,
    insert: args
      ? { file: at.file, offset: args.startIndex + 1, text: (_s, a) => (named(args).length ? `origins = ${a}, ` : `origins = ${a}`) }
      : { file: at.file, offset: main.node.endIndex, text: (_s, a) => `(origins = ${a})` },
  });
  return made;
}

/** spring-web `CrossOrigin` attributes, as `updateCorsConfig` applies them. */
function update(values: JavaValues, c: SpringCors, a: Annotation, sites: OriginSite[]): void {
  const entries = (key: string): Entry[] | undefined => {
    const node = a.values.get(key);
    if (!node) return undefined;
    const list = values.strings([node]);
    if (!list) {
      c.unknown.push({ why: `the ${key} of @CrossOrigin`, at: values.span(node) });
      if (key !== 'allowedHeaders' && key !== 'exposedHeaders') c.opaqueOrigins = values.span(node);
      return [];
    }
    return list.flatMap((e) => placeholder(values, e.value, e.node)).filter((e) => e.value !== '');
  };
  for (const key of ['value', 'origins']) {
    const list = entries(key);
    if (!list) continue;
    setList(c, 'origins', list, true);
    sites.push({ kind: 'annotation-origins', span: values.span(a.pairs.get(key)!), star: list.some((e) => e.value === '*') });
  }
  const patterns = entries('originPatterns');
  if (patterns) {
    setList(c, 'patterns', patterns, true);
    sites.push({ kind: 'annotation-patterns', span: values.span(a.pairs.get('originPatterns')!), star: patterns.some((e) => e.value === '*') });
  }
  const methods = a.values.get('methods');
  if (methods) {
    const names = (methods.type === 'element_value_array_initializer' ? named(methods) : [methods]).map((n) => n.text.replace(/^.*\./, ''));
    setList(c, 'methods', names.map((value) => ({ value, at: values.span(methods) })), true);
  }
  for (const [key, target] of [['allowedHeaders', 'headers'], ['exposedHeaders', 'exposed']] as const) {
    const list = entries(key);
    if (list?.length) setList(c, target, list, true);
  }
  const cred = a.values.get('allowCredentials');
  const credText = cred ? javaString(cred) : undefined;
  if (cred && credText !== undefined && /^(true|false)$/i.test(placeholder(values, credText, cred)[0]?.value ?? '')) {
    c.credentials = { value: placeholder(values, credText, cred)[0].value.toLowerCase() === 'true', at: values.span(a.pairs.get('allowCredentials')!) };
  }
  const pna = a.values.get('allowPrivateNetwork');
  const pnaText = pna ? javaString(pna) : undefined;
  if (pna && pnaText && /^(true|false)$/i.test(pnaText)) c.privateNetwork = { value: pnaText.toLowerCase() === 'true', at: values.span(a.pairs.get('allowPrivateNetwork')!) };
  const maxAge = a.values.get('maxAge');
  const age = maxAge ? values.evaluate(maxAge) : undefined;
  // `updateCorsConfig` kept the first max age (`config.getMaxAge() == null`) until 6.1, where the method's replaces the class's.
  const firstWins = values.springVersion !== undefined && compareVersions(values.springVersion, '6.1.0') < 0;
  if (age?.kind === 'number' && age.value >= 0 && !(firstWins && c.maxAge)) c.maxAge = { value: age.value, at: values.span(a.pairs.get('maxAge')!) };
}

/** Annotation values may hold `${key:default}` placeholders, resolved from the environment. */
function placeholder(values: JavaValues, text: string, node: Node): Entry[] {
  const m = /^\$\{([^:}]+)(?::([\s\S]*))?\}$/.exec(text);
  if (!m) return [{ value: text, at: values.span(node) }];
  values.notes.push({ kind: 'depends-on-environment', message: `Depends on the environment (${m[1]}); the model uses the default written in the code.`, at: values.span(node) });
  return (m[2] ?? '').split(',').map((value) => ({ value: value.trim(), at: values.span(node) }));
}

function mappingMethods(a: Annotation): string[] {
  const fixed = MAPPINGS[a.name];
  if (fixed) return [fixed];
  const m = a.values.get('method');
  if (!m) return [];
  return (m.type === 'element_value_array_initializer' ? named(m) : [m]).map((n) => n.text.replace(/^.*\./, ''));
}

function pathOf(anns: Annotation[]): string {
  const a = anns.find((x) => x.name in MAPPINGS);
  const v = a && (a.values.get('value') ?? a.values.get('path'));
  const first = v && (v.type === 'element_value_array_initializer' ? named(v)[0] : v);
  return (first && javaString(first)) ?? '';
}
