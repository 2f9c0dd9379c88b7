import * as path from 'node:path';
import type { Span } from '../../../core/range';
import type { CorsPolicy, PolicyNote } from '../../cors-policy';
import type { CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { policy } from '../js/policy-parts';
import { nelmioBranches, type NelmioOptions } from './nelmio-policy';
import { phpFixer } from './php-fixer-hook';
import { phpTargets } from './php-targets';
import { entry, parseYamlSubset, type YamlEntry, type YamlNode } from './yaml-subset';

/** Raw option values of one level (`defaults` or a path), before merging. */
type Raw = Map<string, YamlEntry>;

/**
 * Symfony's NelmioCorsBundle settings in `config/packages/[env/]nelmio_cors.yaml`:
 * one policy per `paths` entry (the first whose regex matches a request
 * applies, merged over `defaults`; falsy path values never override), and
 * one for `defaults` where no path matches. `%env(NAME)%` is read from the
 * project's `.env`, as depending on the environment.
 */
export const symfonyExtractor: FrameworkExtractor = {
  id: 'nelmio-cors',
  languages: [],
  mentions: /nelmio_cors\s*:/,
  sources: ['symfony'],
  configFiles: /(^|[\\/])config[\\/]packages[\\/](?:[^\\/]+[\\/])?nelmio_cors\.ya?ml$/,
  extract: () => ({ policies: [] }),
  extractConfig(file: string, text: string, project: CodeProject): ExtractResult {
    const root = parseYamlSubset(file, text);
    const top = entry(root, 'nelmio_cors');
    if (!top || top.value.kind !== 'map') return { policies: [] };
    const notes: PolicyNote[] = [];
    const env = new EnvReader(file, project, notes);
    const defaults = levelOf(entry(top.value, 'defaults')?.value);
    const paths = entry(top.value, 'paths')?.value;
    const version = project.versions(file).get('nelmio/cors-bundle');
    const suffix = version ? ` (nelmio/cors-bundle ${version.version})` : '';
    const policies: CorsPolicy[] = [];
    const make = (label: string, at: Span, opts: NelmioOptions, pathKey: string) => {
      const made = policy('symfony', label + suffix, at, nelmioBranches(opts), [...notes]);
      made.endpoint = { hosts: [], ports: [], tls: false, path: pathKey };
      phpTargets.set(made, { kind: 'symfony', file, origins: opts.allowOriginAt, block: at, originRegex: opts.originRegex });
      policies.push(made);
    };
    for (const p of paths?.kind === 'map' ? paths.entries : []) {
      const own = levelOf(p.value);
      // NelmioCorsExtension runs array_filter on each path: false, 0, '' and [] fall back to the defaults.
      for (const [k, v] of [...own]) if (falsy(v.value)) own.delete(k);
      const merged = new Map([...defaults, ...own]);
      const opts = options(merged, p.at, env);
      if (opts.allowOrigin !== true && opts.allowOrigin.length === 0) continue;
      make(`nelmio_cors path ${p.key}`, p.at, opts, p.key);
    }
    const top2 = entry(top.value, 'defaults');
    const fallback = options(defaults, top2?.at ?? top.at, env);
    if (fallback.allowOrigin === true || fallback.allowOrigin.length > 0) make('nelmio_cors defaults (paths matching no entry)', top2?.at ?? top.at, fallback, '/');
    return { policies };
  },
  fixer: phpFixer,
};

function levelOf(node: YamlNode | undefined): Raw {
  return new Map(node?.kind === 'map' ? node.entries.map((e) => [e.key, e]) : []);
}

function falsy(v: YamlNode): boolean {
  if (v.kind === 'list') return v.items.length === 0;
  if (v.kind === 'map') return false;
  return v.value === null || v.value === false || v.value === 0 || v.value === '' || v.value === '0';
}

function options(raw: Raw, at: Span, env: EnvReader): NelmioOptions {
  const where = (k: string) => raw.get(k)?.at ?? at;
  const list = (k: string): { value: string; at: Span }[] => {
    const v = raw.get(k)?.value;
    if (!v) return [];
    const items = v.kind === 'list' ? v.items : [v];
    return items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? env.expand(String(i.value), i.at).map((value) => ({ value, at: i.at })) : []));
  };
  const bool = (k: string) => {
    const v = raw.get(k)?.value;
    return v?.kind === 'scalar' && (v.value === true || (typeof v.value === 'string' && env.expand(v.value, v.at)[0] === 'true'));
  };
  const origins = list('allow_origin');
  const headers = list('allow_headers').map((h) => h.value);
  const forced = raw.get('forced_allow_origin_value')?.value;
  const maxAge = raw.get('max_age')?.value;
  const hosts = list('hosts').map((h) => h.value);
  return {
    at,
    allowOrigin: origins.some((o) => o.value === '*') ? true : origins,
    allowOriginAt: where('allow_origin'),
    originRegex: bool('origin_regex'),
    allowCredentials: bool('allow_credentials'),
    credentialsAt: where('allow_credentials'),
    allowHeaders: headers.includes('*') ? true : headers.map((h) => h.toLowerCase()),
    headersAt: where('allow_headers'),
    allowMethods: list('allow_methods').map((m) => m.value.toUpperCase()),
    methodsAt: where('allow_methods'),
    exposeHeaders: list('expose_headers').map((h) => h.value),
    exposeAt: where('expose_headers'),
    maxAge: maxAge?.kind === 'scalar' ? Number(maxAge.value) || 0 : 0,
    maxAgeAt: where('max_age'),
    ...(forced?.kind === 'scalar' && forced.value ? { forcedOrigin: { value: String(forced.value), at: forced.at } } : {}),
    hosts,
    allowPrivateNetwork: bool('allow_private_network'),
    privateNetworkAt: where('allow_private_network'),
  };
}

/** `%env(NAME)%`, `%env(csv:NAME)%` and `%env(json:NAME)%` read from the project's `.env`, noted as environment-dependent. */
class EnvReader {
  private values?: Map<string, string>;
  constructor(private readonly file: string, private readonly project: CodeProject, private readonly notes: PolicyNote[]) {}

  expand(text: string, at: Span): string[] {
    const m = /^%env\((?:(csv|json|string|trim):)?([A-Za-z_][A-Za-z0-9_]*)\)%$/.exec(text);
    if (!m) return [text];
    const value = this.read().get(m[2]);
    if (!this.notes.some((n) => n.at.range.start.offset === at.range.start.offset)) {
      this.notes.push({ kind: 'depends-on-environment', message: `Read from the environment variable ${m[2]}${value === undefined ? ', set nowhere in the project' : '; the model uses the value in .env'}.`, at });
    }
    if (value === undefined) return [];
    if (m[1] === 'csv') return value.split(',').map((s) => s.trim()).filter(Boolean);
    if (m[1] === 'json') {
      try {
        const parsed = JSON.parse(value) as unknown;
        return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
      } catch {
        return [];
      }
    }
    return [m[1] === 'trim' ? value.trim() : value];
  }

  /** The `.env` of the project that holds `config/`. */
  private read(): Map<string, string> {
    if (this.values) return this.values;
    this.values = new Map();
    let dir = path.dirname(this.file);
    for (let i = 0; i < 4; i++) {
      const candidate = path.join(dir, '.env');
      if (this.project.host.exists(candidate)) {
        let text = '';
        try {
          text = this.project.host.readText(candidate);
        } catch {
          break;
        }
        for (const line of text.split(/\r?\n/)) {
          const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
          if (!m) continue;
          let v = m[2].trim();
          if (/^'.*'$/.test(v)) v = v.slice(1, -1);
          else if (/^".*"$/.test(v)) v = v.slice(1, -1).replace(/\\(["\\$])/g, '$1');
          else v = v.replace(/\s+#.*$/, '');
          this.values.set(m[1], v);
        }
        break;
      }
      dir = path.dirname(dir);
    }
    return this.values;
  }
}
