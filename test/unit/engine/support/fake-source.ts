import * as path from 'node:path';
import type { Finding } from '../../../../server/src/core/finding';
import type { Range, Span } from '../../../../server/src/core/range';
import type { FileHost, SourceAnalyzer, SourceResult } from '../../../../server/src/engine/source';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import type { FixProvider, Rule } from '../../../../server/src/rules/rule';

/**
 * A tiny line-based "language" for engine tests: `policy NAME` makes a policy on
 * that line, `broken` a syntax error, `include F` an include edge (F itself is
 * not read), `# ...` a comment. Files end in `.fake`,
 * or say `#fake` on their first line (to test claiming by content).
 */
export function fakeSource(id = 'fake', options: { commentStyle?: '#' | 'none'; throws?: boolean } = {}): SourceAnalyzer & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    id,
    calls,
    claims: (file, head) => file.endsWith(`.${id}`) || head.startsWith(`#${id}`),
    analyze(files: string[], host: FileHost): SourceResult {
      calls.push(files);
      if (options.throws) throw new Error('fake source exploded');
      const policies: CorsPolicy[] = [];
      const problems: Finding[] = [];
      const comments = new Map<string, { line: number; text: string }[]>();
      const includes = new Map<string, string[]>();
      for (const file of files) {
        let text: string;
        try {
          text = host.readText(file);
        } catch (error) {
          problems.push(finding('unreadable-input', file, range(0, 0, 0, 0), (error as Error).message));
          continue;
        }
        const list: { line: number; text: string }[] = [];
        let offset = 0;
        text.split('\n').forEach((line, n) => {
          const policy = /^(\s*)policy (\S+)/.exec(line);
          if (policy) {
            const at: Span = { file, range: range(n, policy[1].length, offset + policy[1].length, line.length - policy[1].length) };
            policies.push({ id: `${path.basename(file)}:${n + 1}`, source: 'nginx', label: policy[2], at, branches: [], successStatuses: [] });
          }
          const include = /^include (\S+)/.exec(line);
          if (include) includes.set(file, [...(includes.get(file) ?? []), path.resolve(path.dirname(file), include[1])]);
          if (/^\s*broken/.test(line)) problems.push(finding('syntax-error', file, range(n, 0, offset, line.length), 'broken line'));
          const hash = line.indexOf('#');
          if (options.commentStyle !== 'none' && hash >= 0) list.push({ line: n, text: line.slice(hash) });
          offset += line.length + 1;
        });
        if (list.length) comments.set(file, list);
      }
      return { policies, problems, includes, files: [...files], comments, fixer: nullFixer };
    },
  };
}

export function range(line: number, character: number, offset: number, length: number): Range {
  return { start: { line, character, offset }, end: { line, character: character + length, offset: offset + length } };
}

export function finding(ruleId: string, file: string, r: Range, message: string): Finding {
  return { ruleId, severity: 'error', messageId: ruleId, data: {}, message, span: { file, range: r }, related: [], fixes: [] };
}

const none = () => undefined;
export const nullFixer: FixProvider = {
  addAlways: none,
  addVaryOrigin: none,
  replaceValue: none,
  allowlistOrigin: none,
  replacePattern: none,
  removeEmission: none,
  hideUpstreamHeader: none,
  repeatInherited: none,
};

/** Reports every policy (`flag-policy`), and policies named `*two*` once more under `second-rule`. */
export const fakeRules: Rule[] = [
  {
    meta: { id: 'flag-policy', description: 'flags every policy', defaultSeverity: 'warning', messages: { flagged: 'Policy {{name}} is flagged' }, fixable: false },
    check(ctx) {
      for (const p of ctx.policies) ctx.report({ messageId: 'flagged', data: { name: p.label }, span: p.at });
    },
  },
  {
    meta: { id: 'second-rule', description: 'flags policies named two', defaultSeverity: 'error', messages: { two: 'Two seen' }, fixable: false },
    check(ctx) {
      for (const p of ctx.policies) if (p.label.includes('two')) ctx.report({ messageId: 'two', span: p.at, severity: 'info' });
    },
  },
];

export const throwingRule: Rule = {
  meta: { id: 'throwing-rule', description: 'always fails', defaultSeverity: 'error', messages: {}, fixable: false },
  check() {
    throw new Error('rule exploded');
  },
};
