import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy, PolicyNote } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { branch, policy } from '../js/policy-parts';
import { dottedPy, field, named, pyArgs, spanOf, unwrapPy } from './ast';
import { findPyBinding } from './bindings';
import { beforeRequestAnswers, withEarlyAnswers } from './flask-before-request';
import { applyAppConfig } from './flask-config';
import { FlaskOptions } from './flask-cors-options';
import { flaskCorsBranches, type FlaskCorsFlavour } from './flask-cors-policy';
import { pyFixTargets } from './fix-targets';
import { PyHandlerWalker } from './handler-paths';
import { pythonFixer } from './python-fixer-hook';
import { PyEvaluator, type PyValue } from './values';

/**
 * Flask with flask-cors: `CORS(app, ...)`, `CORS()` + `init_app(app, ...)`
 * (one policy per resource) and `@cross_origin(...)` on a view (one policy per
 * view). Options merge as flask-cors merges them: defaults, the app's `CORS_*`
 * config, the keywords, a resource's own dict.
 */
export const flaskExtractor: FrameworkExtractor = {
  id: 'flask-cors',
  languages: ['python'],
  mentions: /flask_cors/,
  sources: ['flask'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const evaluator = new PyEvaluator(project);
    const flavour = flavourFor(project, file);
    const policies: CorsPolicy[] = [];
    for (const call of file.tree.rootNode.descendantsOfType('call')) {
      // Most calls of a big module are something else: a look at the callee's text first keeps it linear.
      if (!call || !/(CORS|init_app|cross_origin)$/.test(field(call, 'function')?.text ?? '')) continue;
      const name = evaluator.calleeName(file, unwrapPy(field(call, 'function')!)) ?? '';
      if (/^flask_cors(\.\w+)*\.CORS$/.test(name)) policies.push(...extensionPolicies(evaluator, file, call, undefined, flavour));
      else if (name.endsWith('.init_app')) {
        const owner = initAppOwner(evaluator, file, call);
        if (owner) policies.push(...extensionPolicies(evaluator, file, owner, call, flavour));
      } else if (/^flask_cors(\.\w+)*\.cross_origin$/.test(name) && call.parent?.type === 'decorator') {
        const made = decoratorPolicy(evaluator, file, call, flavour);
        if (made) policies.push(made);
      }
    }
    return { policies };
  },
  fixer: pythonFixer,
};

interface Flavour extends Omit<FlaskCorsFlavour, 'decorator'> {
  note?: PolicyNote;
}

/** flask-cors's version from the lock files and manifests; 6 (the current line) when none pins it. */
function flavourFor(project: CodeProject, file: CodeFile): Flavour {
  const found = project.versions(file.path).get('flask-cors');
  const at: Span = spanOf(file, file.tree.rootNode);
  if (!found) {
    return { privateNetwork: { default: false }, note: { kind: 'info', message: 'No flask-cors version is pinned (requirements*.txt, poetry.lock, Pipfile.lock): modelled as flask-cors 6.', at } };
  }
  const [major = 0, minor = 0, patch = 0] = found.version.split('.').map((p) => parseInt(p, 10) || 0);
  const at402 = major > 4 || (major === 4 && (minor > 0 || patch >= 2));
  // 3.1 started answering private network requests; 4.0.2 made it an option (on), 5.0 turned it off by default.
  const privateNetwork: FlaskCorsFlavour['privateNetwork'] = major < 3 || (major === 3 && minor < 1) ? 'unsupported' : !at402 ? 'always' : { default: major < 5 };
  return { privateNetwork, note: { kind: 'info', message: `flask-cors ${found.version} (from ${found.file}).`, at } };
}

/** The `CORS()` call a `cors.init_app(app)` belongs to, when `cors` is bound to one. */
function initAppOwner(evaluator: PyEvaluator, file: CodeFile, call: Node): Node | undefined {
  const callee = unwrapPy(field(call, 'function')!);
  const receiver = callee.type === 'attribute' ? unwrapPy(field(callee, 'object')!) : undefined;
  if (receiver?.type !== 'identifier') return undefined;
  const b = findPyBinding(file, receiver, receiver.text);
  if (b?.kind !== 'value' || b.index !== undefined) return undefined;
  const init = unwrapPy(b.init);
  if (init.type !== 'call') return undefined;
  const name = evaluator.calleeName(file, unwrapPy(field(init, 'function')!)) ?? '';
  return /^flask_cors(\.\w+)*\.CORS$/.test(name) ? init : undefined;
}

function extensionPolicies(evaluator: PyEvaluator, file: CodeFile, ctor: Node, initApp: Node | undefined, flavour: Flavour): CorsPolicy[] {
  const ctorArgs = pyArgs(ctor);
  const initArgs = initApp ? pyArgs(initApp) : undefined;
  const appNode = initArgs ? initArgs.positional[0] ?? initArgs.keywords.get('app') : ctorArgs.positional[0] ?? ctorArgs.keywords.get('app');
  // `CORS()` alone does nothing until `init_app`, which gets its own policy.
  if (!appNode || unwrapPy(appNode).type === 'none') return [];
  const site = initApp ?? ctor;
  const at = spanOf(file, site);
  const base = new FlaskOptions(evaluator, at);
  const app = dottedPy(appNode) ?? appNode.text;
  applyAppConfig(evaluator, file, app, base, site.startIndex);
  base.addKeywords(file, withoutApp(ctorArgs.keywords), ctorArgs.keywordNodes, ctorArgs.splats);
  if (initArgs) base.addKeywords(file, withoutApp(initArgs.keywords), initArgs.keywordNodes, initArgs.splats);
  const out: CorsPolicy[] = [];
  for (const resource of resourcesOf(base.get('resources')?.value)) {
    const options = base.clone(resource.at ?? at);
    if (resource.options) options.addDict(resource.options, 'resource');
    const label = `Flask CORS(${app})${resource.pattern === '/*' ? '' : ` resource ${resource.pattern}`}`;
    const made = finish(options, label, at, { ...flavour, decorator: false }, resource.pattern);
    withEarlyAnswers(made, beforeRequestAnswers(evaluator, file, app), true);
    out.push(made);
  }
  return out;
}

function withoutApp(keywords: Map<string, Node>): Map<string, Node> {
  const out = new Map(keywords);
  out.delete('app');
  return out;
}

interface Resource {
  pattern: string;
  options?: PyValue & { kind: 'dict' };
  at?: Span;
}

/** `parse_resources`: a dict of path pattern → options, a string, a list of strings, a compiled regex. */
function resourcesOf(v: PyValue | undefined): Resource[] {
  if (!v) return [{ pattern: '/*' }];
  const at = spanOf(v.file, v.node);
  if (v.kind === 'string') return [{ pattern: v.value, at }];
  if (v.kind === 'regex') return [{ pattern: v.pattern, at }];
  if (v.kind === 'list' || v.kind === 'set') return v.items.map((i) => ({ pattern: i.kind === 'string' ? i.value : i.kind === 'regex' ? i.pattern : '?', at: spanOf(i.file, i.node) }));
  if (v.kind === 'dict') {
    return [...v.entries].map(([pattern, opts]) => ({
      pattern,
      options: opts.kind === 'dict' ? opts : undefined,
      at: spanOf(v.file, v.keyNodes.get(pattern) ?? v.node),
    }));
  }
  return [{ pattern: '/*', at }];
}

function decoratorPolicy(evaluator: PyEvaluator, file: CodeFile, call: Node, flavour: Flavour): CorsPolicy | undefined {
  const def = call.parent?.parent?.type === 'decorated_definition' ? field(call.parent.parent, 'definition') : undefined;
  if (!def) return undefined;
  const at = spanOf(file, call);
  const options = new FlaskOptions(evaluator, at);
  const route = routeOf(evaluator, file, call.parent!.parent!);
  // The decorator reads the app's config on every request, so all of it counts.
  if (route?.app) applyAppConfig(evaluator, file, route.app, options);
  const args = pyArgs(call);
  options.addKeywords(file, args.keywords, args.keywordNodes, args.splats);
  const view = field(def, 'name')?.text ?? 'view';
  const made = finish(options, `Flask @cross_origin on ${view}${route?.path ? ` (${route.path})` : ''}`, at, { ...flavour, decorator: true }, route?.path);
  lostOnRaise(made, evaluator, file, def);
  withEarlyAnswers(made, beforeRequestAnswers(evaluator, file, route?.app), false);
  return made;
}

/**
 * `@cross_origin` adds its headers to what the view returns: a view that
 * raises (`abort(404)`, an exception) answers through Flask's error handling
 * without them, so those statuses go out bare.
 */
function lostOnRaise(made: CorsPolicy, evaluator: PyEvaluator, file: CodeFile, def: Node): void {
  const body = field(def, 'body');
  if (!body) return;
  const raised = new Set<number>();
  for (const p of new PyHandlerWalker(evaluator, file, 'GET').run(body, 'unset')) if (p.raised && typeof p.status === 'number') raised.add(p.status);
  if (raised.size === 0) return;
  made.successStatuses = made.successStatuses.filter((code) => !raised.has(code));
  for (const b of made.branches) {
    if (b.status.kind !== 'app') continue;
    b.headers = b.headers.map((h) => ({ ...h, scope: 'success' }));
  }
}

/** The `@app.route('/path')` (or `.get`, `.post`...) beside a decorator: the view's path and the app or blueprint name. */
function routeOf(evaluator: PyEvaluator, file: CodeFile, decorated: Node): { path?: string; app?: string } | undefined {
  for (const d of named(decorated).filter((c) => c.type === 'decorator')) {
    const call = unwrapPy(named(d)[0] ?? d);
    if (call.type !== 'call') continue;
    const callee = unwrapPy(field(call, 'function')!);
    if (callee.type !== 'attribute' || !/^(route|get|post|put|patch|delete)$/.test(field(callee, 'attribute')!.text)) continue;
    const first = pyArgs(call).positional[0];
    const app = dottedPy(field(callee, 'object')!);
    const v = first ? evaluator.evaluate(file, first) : undefined;
    const path = v?.kind === 'string' ? v.value : undefined;
    return { path, app };
  }
  return undefined;
}

function finish(options: FlaskOptions, label: string, at: Span, flavour: FlaskCorsFlavour & { note?: PolicyNote }, path: string | undefined): CorsPolicy {
  const notes: PolicyNote[] = [...options.notes];
  if (flavour.note) notes.push({ ...flavour.note, at });
  const origins = options.get('origins')?.value;
  const wildcard = origins === undefined || (origins.kind === 'string' && (origins.value === '*' || origins.value === '.*'))
    || ((origins.kind === 'list' || origins.kind === 'set') && origins.items.some((i) => i.kind === 'string' && (i.value === '*' || i.value === '.*')));
  const throws = wildcard && options.flag('supports_credentials', false) && options.flag('send_wildcard', false);
  if (throws) {
    notes.push({ kind: 'throws-at-startup', message: "flask-cors raises ValueError at start-up: supports_credentials=True with the origin '*' and send_wildcard=True.", at: options.where('send_wildcard') });
  }
  if (wildcard && options.flag('supports_credentials', false) && !options.flag('send_wildcard', false)) {
    notes.push({ kind: 'echoes-for-any-origin', message: "With the origin '*' and supports_credentials=True, flask-cors echoes every request Origin and allows credentials.", at: options.where('supports_credentials') });
  }
  // An app that cannot start answers nothing: the start-up error is the whole story.
  const branches = throws ? [branch({ kind: 'true' }, { kind: 'unknown', why: 'the app does not start', at }, [], at)] : flaskCorsBranches(options, flavour);
  const made = policy('flask', label, at, branches, notes);
  if (path) made.endpoint = { hosts: [], ports: [], tls: false, path };
  const vary = options.get('vary_header');
  pyFixTargets.set(made, {
    call: at,
    origins: options.get('origins')?.valueAt,
    varyOff: vary && vary.value.kind === 'boolean' && !vary.value.value ? vary.valueAt : undefined,
  });
  return made;
}
