import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { policy } from '../js/policy-parts';
import { attributesOf, csString, descendants, invocation } from './ast';
import { aspnetBranches } from './aspnet-policy';
import { csharpCorsFixer } from './csharp-fixer-hook';
import { csFixTargets } from './fix-targets';
import { readBuilder } from './policy-builder';
import { CsValues } from './values';

/** `CorsOptions.DefaultPolicyName`: `AddDefaultPolicy`, `UseCors()` and `[EnableCors]` without a name mean this one. */
const DEFAULT = '__DefaultCorsPolicy';

/**
 * ASP.NET Core CORS: policies from `AddCors(o => o.AddPolicy(...) /
 * AddDefaultPolicy(...))`, applied by `UseCors(...)`, `[EnableCors]` and
 * `RequireCors(...)` (`CorsMiddleware.Invoke` picks the endpoint's policy
 * over the middleware's). A policy defined in this file but applied nowhere
 * in it is modelled too: the pipeline may live in another file.
 */
export const aspnetExtractor: FrameworkExtractor = {
  id: 'aspnet-cors',
  languages: ['csharp'],
  mentions: /AddCors|UseCors|CorsPolicyBuilder|EnableCors|RequireCors/,
  sources: ['aspnet'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const versions = project.versions(file.path);
    const version = versions.get('Microsoft.AspNetCore.Cors')?.version ?? versions.get('Microsoft.AspNetCore.App')?.version ?? versions.get('Microsoft.AspNetCore.All')?.version;
    const values = new CsValues(file, version);
    const defined = new Map<string, { node: Node; builder: Node }>();
    const used = new Set<string>();
    const inline: { node: Node; builder: Node; label: string }[] = [];
    for (const n of descendants(file.tree.rootNode)) {
      // Only calls themselves: unwrapping every parenthesised node of a deep expression would be quadratic.
      const inv = n.type === 'invocation_expression' ? invocation(n) : undefined;
      if (inv) {
        const last = inv.args[inv.args.length - 1];
        if (inv.name === 'AddPolicy' && inv.args.length === 2) {
          const name = nameOf(values, inv.args[0]);
          if (name !== undefined) defined.set(name, { node: n, builder: last });
        } else if (inv.name === 'AddDefaultPolicy' && last) {
          defined.set(DEFAULT, { node: n, builder: last });
        } else if (inv.name === 'UseCors' || inv.name === 'RequireCors') {
          if (!last) used.add(DEFAULT);
          else if (last.type === 'lambda_expression' || /CorsPolicyBuilder/.test(last.text)) inline.push({ node: n, builder: last, label: `${inv.name}(...)` });
          else {
            const name = nameOf(values, last);
            used.add(name ?? '?');
          }
        }
      }
      for (const a of n.type === 'class_declaration' || n.type === 'method_declaration' ? attributesOf(n) : []) {
        if (a.name === 'EnableCors') used.add(a.args[0] ? nameOf(values, a.args[0]) ?? '?' : DEFAULT);
      }
    }
    const policies: CorsPolicy[] = [];
    for (const [name, d] of defined) {
      if (used.size > 0 && !used.has(name) && !used.has('?')) continue;
      policies.push(build(values, d.builder, d.node, name === DEFAULT ? 'default CORS policy' : `CORS policy "${name}"`));
    }
    for (const i of inline) policies.push(build(values, i.builder, i.node, i.label));
    return { policies };
  },
  fixer: csharpCorsFixer,
};

function build(values: CsValues, builder: Node, at: Node, label: string): CorsPolicy {
  const { policy: p, target } = readBuilder(values, builder);
  const model = aspnetBranches(p, values.aspnetVersion);
  const made = policy('aspnet', label, values.span(at), model.branches, [...model.notes, ...values.notes]);
  csFixTargets.set(made, target);
  return made;
}

function nameOf(values: CsValues, n: Node): string | undefined {
  const direct = csString(n);
  if (direct !== undefined) return direct;
  const v = values.evaluate(n);
  return v.kind === 'string' ? v.value : undefined;
}
