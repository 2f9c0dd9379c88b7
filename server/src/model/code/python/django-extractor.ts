import type { Span } from '../../../core/range';
import type { CorsPolicy, PolicyNote } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { policy } from '../js/policy-parts';
import { spanOf } from './ast';
import { djangoBranches, type DjangoCorsConfig, type Located } from './django-policy';
import { djangoFixer, djangoTargets } from './django-fix-targets';
import { signalReceivers } from './django-signals';
import { corsheadersDefaults, DjangoEvaluator, readDjangoSettings, type DjangoSetting } from './django-settings';
import type { PyValue } from './values';

const MIDDLEWARE_CLASS = 'corsheaders.middleware.CorsMiddleware';
/** The newest behaviour, assumed when no lock file or requirements pin the package. */
const NEWEST: [number, number] = [4, 9];

/**
 * Django settings modules with django-cors-headers: a module that defines
 * MIDDLEWARE (or CORS_* settings) and mentions corsheaders. One policy per
 * settings module, for every URL CORS_URLS_REGEX admits.
 */
export const djangoExtractor: FrameworkExtractor = {
  id: 'django-cors-headers',
  languages: ['python'],
  mentions: /corsheaders|\bCORS_(ALLOWED_ORIGIN|ORIGIN_|ALLOW_ALL)/,
  sources: ['django'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const version = versionOf(project, file);
    const evaluator = new DjangoEvaluator(project, corsheadersDefaults(version.version[0]));
    const settings = readDjangoSettings(file, evaluator);
    const middleware = settings.get('MIDDLEWARE') ?? settings.get('MIDDLEWARE_CLASSES');
    const own = [...settings.values()].some((s) => s.file === file && (/^CORS_/.test(s.name) || s.name === 'MIDDLEWARE' || s.name === 'MIDDLEWARE_CLASSES'));
    if (!own || (!middleware && ![...settings.keys()].some((k) => k.startsWith('CORS_')))) return { policies: [] };
    const mwItems = middleware?.value.kind === 'list' ? middleware.value.items : [];
    const entry = mwItems.find((i) => i.kind === 'string' && i.value === MIDDLEWARE_CLASS);
    const enabled = middleware?.value.kind !== 'list' ? true : entry !== undefined;
    const firstCors = [...settings.values()].find((s) => s.file === file && s.name.startsWith('CORS_'));
    // Defaults come with the middleware: findings about them point at its entry.
    // The entry's text without its quotes: no fixer mistakes the middleware's dotted path for a value to rewrite.
    const entryNode = entry && (entry.node.namedChildren.find((c) => c?.type === 'string_content') ?? entry.node);
    const fileSpan = entry && entryNode ? spanOf(entry.file, entryNode) : middleware ? spanOf(middleware.file, middleware.valueNode) : firstCors ? spanOf(file, firstCors.statement) : spanOf(file, file.tree.rootNode);
    // The policy belongs to this module: a module that only adds to imported settings is located by its own first setting.
    const at = middleware && middleware.file === file ? spanOf(file, middleware.valueNode) : firstCors ? spanOf(file, firstCors.statement) : fileSpan;
    const get = (name: string, old?: string) => settings.get(name) ?? (old ? settings.get(old) : undefined);
    const config: DjangoCorsConfig = {
      version: version.version,
      enabled,
      allowAll: bool(get('CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL'), false, fileSpan),
      credentials: bool(get('CORS_ALLOW_CREDENTIALS'), false, fileSpan),
      origins: entries(get('CORS_ALLOWED_ORIGINS', 'CORS_ORIGIN_WHITELIST'), fileSpan),
      regexes: regexes(get('CORS_ALLOWED_ORIGIN_REGEXES', 'CORS_ORIGIN_REGEX_WHITELIST'), fileSpan),
      methods: strings(get('CORS_ALLOW_METHODS'), evaluator.defaults.default_methods, fileSpan),
      headers: strings(get('CORS_ALLOW_HEADERS'), evaluator.defaults.default_headers, fileSpan),
      expose: strings(get('CORS_EXPOSE_HEADERS'), [], fileSpan),
      maxAge: number(get('CORS_PREFLIGHT_MAX_AGE'), 86400, fileSpan),
      privateNetwork: bool(get('CORS_ALLOW_PRIVATE_NETWORK'), false, fileSpan),
      signals: signalReceivers(file, evaluator),
    };
    const notes: PolicyNote[] = [];
    if (!version.pinned) notes.push({ kind: 'info', message: `No django-cors-headers version is pinned (requirements*.txt, poetry.lock, Pipfile.lock): the model follows ${NEWEST.join('.')}.`, at });
    if (!enabled) notes.push({ kind: 'info', message: `${MIDDLEWARE_CLASS} is not in MIDDLEWARE, so the CORS settings have no effect.`, at });
    const urls = get('CORS_URLS_REGEX');
    const scope = urls?.value.kind === 'string' && urls.value.value !== '^.*$' ? ` on URLs matching ${urls.value.value}` : '';
    const label = `Django settings (django-cors-headers ${version.label})${enabled ? '' : ', CorsMiddleware not in MIDDLEWARE'}${scope}`;
    const built: CorsPolicy = policy('django', label, at, djangoBranches(config, at), notes);
    djangoTargets.set(built, { settingsFile: file, settings, config });
    return { policies: [built] };
  },
  fixer: djangoFixer,
};

function versionOf(project: CodeProject, file: CodeFile): { version: [number, number]; label: string; pinned: boolean } {
  const found = project.versions(file.path).get('django-cors-headers');
  const parsed = found && /^(\d+)\.(\d+)/.exec(found.version);
  if (!parsed) return { version: NEWEST, label: `${NEWEST.join('.')}, not pinned`, pinned: false };
  return { version: [Number(parsed[1]), Number(parsed[2])], label: found.version, pinned: true };
}

function located<T>(setting: DjangoSetting | undefined, value: T, fallback: Span): Located<T> {
  return { value, at: setting ? spanOf(setting.file, setting.valueNode) : fallback, written: !!setting };
}

function bool(s: DjangoSetting | undefined, def: boolean, fallback: Span): Located<boolean | undefined> {
  if (!s) return located(s, def, fallback);
  const v = s.value;
  // Django reads these as Python truth values; the system checks only warn.
  const truth = v.kind === 'boolean' ? v.value : v.kind === 'none' ? false : v.kind === 'number' ? v.value !== 0 : v.kind === 'string' ? v.value !== '' : v.kind === 'list' ? v.items.length > 0 : undefined;
  return located(s, truth, fallback);
}

function number(s: DjangoSetting | undefined, def: number, fallback: Span): Located<number | undefined> {
  if (!s) return located(s, def, fallback);
  return located(s, s.value.kind === 'number' ? s.value.value : undefined, fallback);
}

function strings(s: DjangoSetting | undefined, def: string[], fallback: Span): Located<string[] | undefined> {
  if (!s) return located(s, def, fallback);
  const items = listItems(s.value);
  return located(s, items && items.every((i) => i.kind === 'string') ? items.map((i) => (i as { value: string }).value) : undefined, fallback);
}

function entries(s: DjangoSetting | undefined, fallback: Span): Located<{ text: string; at: Span }[] | undefined> {
  if (!s) return located(s, [], fallback);
  const items = listItems(s.value);
  if (!items || !items.every((i) => i.kind === 'string')) return located(s, undefined, fallback);
  return located(s, items.map((i) => ({ text: (i as { value: string }).value, at: spanOf(i.file, i.node) })), fallback);
}

function regexes(s: DjangoSetting | undefined, fallback: Span): Located<{ pattern: string; ignoreCase: boolean; at: Span }[] | undefined> {
  if (!s) return located(s, [], fallback);
  const items = listItems(s.value);
  const out: { pattern: string; ignoreCase: boolean; at: Span }[] = [];
  for (const i of items ?? []) {
    if (i.kind === 'string') out.push({ pattern: i.value, ignoreCase: false, at: spanOf(i.file, i.node) });
    else if (i.kind === 'regex') out.push({ pattern: i.pattern, ignoreCase: i.ignoreCase, at: spanOf(i.file, i.node) });
    else return located(s, undefined, fallback);
  }
  return located(s, items ? out : undefined, fallback);
}

function listItems(v: PyValue): PyValue[] | undefined {
  return v.kind === 'list' || v.kind === 'set' ? v.items : undefined;
}
