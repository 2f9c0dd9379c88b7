import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy, PolicyNote } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { policy } from '../js/policy-parts';
import { named, spanOf } from './ast';
import { corsServiceBranches, type ServiceOption, type ServiceOptions } from './php-cors-service';
import { phpFixer } from './php-fixer-hook';
import { phpTargets } from './php-targets';
import { envOf, PhpEvaluator, type PhpValue } from './values';

/** Laravel's shipped defaults for keys left out of `config/cors.php`. */
const DEFAULTS = { paths: [] as string[], allowed_methods: ['*'], allowed_origins: ['*'], allowed_origins_patterns: [] as string[], allowed_headers: ['*'], exposed_headers: [] as string[], max_age: 0, supports_credentials: false };

/**
 * Laravel `config/cors.php` (the array it returns), read as
 * fruitcake/php-cors `CorsService` receives it: one policy for the paths it
 * lists (`paths`, Laravel's `Str::is` patterns).
 */
export const laravelExtractor: FrameworkExtractor = {
  id: 'laravel-cors',
  languages: ['php'],
  mentions: /allowed_origins|supports_credentials/,
  sources: ['laravel'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const array = returnedArray(file);
    if (!array) return { policies: [] };
    const evaluator = new PhpEvaluator(file);
    const config = evaluator.evaluate(array);
    if (config.kind !== 'array' || !['allowed_origins', 'supports_credentials', 'paths'].some((k) => config.keys.has(k))) return { policies: [] };
    const notes: PolicyNote[] = [];
    const at = spanOf(file, array);
    const options = readOptions(config, at, notes);
    const paths = strings(config.keys.get('paths'), DEFAULTS.paths, at);
    const versions = project.versions(file.path);
    const lib = versions.get('fruitcake/php-cors') ?? versions.get('fruitcake/laravel-cors') ?? versions.get('laravel/framework');
    const { branches, echoesAny } = corsServiceBranches(options);
    if (echoesAny) {
      notes.push({ kind: 'echoes-for-any-origin', message: "allowed_origins ['*'] with supports_credentials true: the request's Origin is sent back for every origin, with credentials", at: options.supportsCredentials.at });
    }
    const made: CorsPolicy = policy('laravel', `Laravel config/cors.php paths ${paths.map((p) => p.value).join(', ') || '(none)'}${lib ? ` (${lib.version})` : ''}`, at, branches, notes);
    made.endpoint = { hosts: [], ports: [], tls: false, path: `/${paths[0]?.value ?? ''}` };
    phpTargets.set(made, { kind: 'laravel', file: file.path, array: at, config, options });
    return { policies: paths.length > 0 ? [made] : [] };
  },
  fixer: phpFixer,
};

/** The array literal a config file returns at its top level. */
function returnedArray(file: CodeFile): Node | undefined {
  for (const s of named(file.tree.rootNode)) {
    if (s.type !== 'return_statement') continue;
    const value = named(s)[0];
    if (value?.type === 'array_creation_expression') return value;
  }
  return undefined;
}

function readOptions(config: PhpValue & { kind: 'array' }, at: Span, notes: PolicyNote[]): ServiceOptions {
  const where = (key: string): Span => {
    const n = config.keyNodes.get(key);
    return n ? spanOf(config.file, n) : at;
  };
  const get = (key: string) => {
    const v = config.keys.get(key);
    if (v) for (const e of envOf(v)) if (!notes.some((n) => n.at.range.start.offset === e.at.range.start.offset)) notes.push({ kind: 'depends-on-environment', message: `Read from the environment variable ${e.name}; the model uses the default written in the code.`, at: e.at });
    return v;
  };
  const list = (key: keyof typeof DEFAULTS): ServiceOption<{ value: string; at: Span }[]> => ({ value: strings(get(key), DEFAULTS[key] as string[], where(key)), at: where(key) });
  const plain = (key: keyof typeof DEFAULTS): ServiceOption<string[]> => ({ value: list(key).value.map((e) => e.value), at: where(key) });
  const credentials = get('supports_credentials');
  const maxAge = get('max_age');
  return {
    at,
    allowedOrigins: list('allowed_origins'),
    allowedOriginsPatterns: list('allowed_origins_patterns'),
    supportsCredentials: { value: credentials ? truthy(credentials) : DEFAULTS.supports_credentials, at: where('supports_credentials') },
    allowedMethods: plain('allowed_methods'),
    allowedHeaders: plain('allowed_headers'),
    exposedHeaders: plain('exposed_headers'),
    maxAge: { value: !maxAge ? DEFAULTS.max_age : maxAge.kind === 'number' ? maxAge.value : maxAge.kind === 'null' || (maxAge.kind === 'boolean' && !maxAge.value) ? null : maxAge.kind === 'string' ? Number.parseInt(maxAge.value, 10) || 0 : 0, at: where('max_age') },
  };
}

/** The strings of a list option (a lone string counts as one entry). */
function strings(v: PhpValue | undefined, fallback: string[], at: Span): { value: string; at: Span }[] {
  if (!v) return fallback.map((value) => ({ value, at }));
  const items = v.kind === 'array' ? v.items : [v];
  return items.filter((i): i is PhpValue & { kind: 'string' } => i.kind === 'string').map((i) => ({ value: i.value, at: spanOf(i.file, i.node) }));
}

function truthy(v: PhpValue): boolean {
  if (v.kind === 'boolean') return v.value;
  if (v.kind === 'number') return v.value !== 0;
  if (v.kind === 'string') return v.value !== '' && v.value !== '0';
  return false;
}
