import type { Finding } from '../core/finding';
import { SYNTAX_RULE_ID, INPUT_RULE_ID } from '../core/finding';
import type { Range } from '../core/range';
import type { FileHost, SourceAnalyzer, SourceResult } from '../engine/source';
import { CodeProject } from '../model/code/code-project';
import { extractors } from '../model/code/extractors';
import type { CorsPolicy } from '../model/cors-policy';
import { initTreeSitter, languageForPath } from '../parsers/code/tree-sitter';
import type { FixProvider } from '../rules/rule';
import type { Node } from '@vscode/tree-sitter-wasm';

/** Server code in every supported language, read by the framework extractors. */
export const codeSource: SourceAnalyzer = {
  id: 'code',
  init: initTreeSitter,
  claims(file: string): boolean {
    return (languageForPath(file) !== undefined && !/\.d\.[cm]?ts$/.test(file)) || extractors.some((e) => e.configFiles?.test(file));
  },
  analyze(files: string[], host: FileHost): SourceResult {
    const project = new CodeProject(host);
    const policies: CorsPolicy[] = [];
    const problems: Finding[] = [];
    const comments = new Map<string, { line: number; text: string }[]>();
    for (const file of files) {
      const lang = languageForPath(file);
      let text: string;
      try {
        text = host.readText(file);
      } catch (error) {
        problems.push(problem(INPUT_RULE_ID, file, zeroRange(), `Cannot read ${file}: ${(error as Error).message}`));
        continue;
      }
      if (!lang) {
        // A configuration file (YAML): `#` comments carry its suppressions.
        comments.set(file, text.split('\n').flatMap((l, line) => (/^\s*#/.test(l) ? [{ line, text: l.replace(/^\s*#\s?/, '') }] : [])));
        for (const e of extractors.filter((x) => x.configFiles?.test(file) && x.mentions.test(text))) {
          try {
            const result = e.extractConfig?.(file, text, project);
            policies.push(...(result?.policies ?? []));
            problems.push(...(result?.problems ?? []));
          } catch (error) {
            problems.push(problem(INPUT_RULE_ID, file, zeroRange(), `The ${e.id} reader failed on this file: ${(error as Error).message}`));
          }
        }
        continue;
      }
      const relevant = extractors.filter((e) => e.languages.includes(lang) && e.mentions.test(text));
      if (relevant.length === 0) continue;
      const code = project.file(file);
      if (!code) continue;
      if (code.tree.rootNode.hasError) problems.push(syntaxProblem(file, code.tree.rootNode));
      comments.set(file, collectComments(code.tree.rootNode));
      for (const extractor of relevant) {
        try {
          const result = extractor.extract(code, project);
          policies.push(...result.policies);
          problems.push(...(result.problems ?? []));
        } catch (error) {
          problems.push(problem(INPUT_RULE_ID, file, zeroRange(), `The ${extractor.id} reader failed on this file: ${(error as Error).message}`));
        }
      }
    }
    return { policies, problems, includes: new Map(), files: [...project.touched], comments, fixer: codeFixer(host), release: () => project.release() };
  },
};

function codeFixer(host: FileHost): FixProvider {
  const readText = (file: string) => {
    try {
      return host.readText(file);
    } catch {
      return undefined;
    }
  };
  const providers = extractors.map((e) => ({ sources: e.sources, languages: e.languages, fixer: e.fixer?.(readText) ?? {} }));
  const forSource = (source: string) => providers.find((p) => p.sources.includes(source as never))?.fixer ?? {};
  // A fix reached without its policy comes from the providers of the file's language: one language's syntax is no edit for another.
  const forFile = (span: { file: string } | undefined) => {
    const lang = span && languageForPath(span.file);
    return providers.filter((p) => lang === undefined || p.languages.includes(lang));
  };
  const none = () => undefined;
  return {
    addAlways: none,
    addVaryOrigin: (policy, acao) => forSource(policy.source).addVaryOrigin?.(policy, acao),
    replaceValue: (e, value, title) => forFile(e.at).map((p) => p.fixer.replaceValue?.(e, value, title)).find(Boolean),
    allowlistOrigin: (policy, acao, origins) => forSource(policy.source).allowlistOrigin?.(policy, acao, origins),
    replacePattern: (matcher, safe) => forFile(matcher.at).map((p) => p.fixer.replacePattern?.(matcher, safe)).find(Boolean),
    removeEmission: (e, title) => forFile(e.at).map((p) => p.fixer.removeEmission?.(e, title)).find(Boolean),
    removeOriginCase: (c, title) => forFile(c.at).map((p) => p.fixer.removeOriginCase?.(c, title)).find(Boolean),
    hideUpstreamHeader: () => none(),
    repeatInherited: () => none(),
  };
}

function collectComments(root: Node): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type.includes('comment')) {
      out.push({ line: node.startPosition.row, text: node.text.replace(/^(\/\/|#|\/\*)\s?/, '') });
      continue;
    }
    for (let i = node.childCount - 1; i >= 0; i--) stack.push(node.child(i)!);
  }
  return out.sort((a, b) => a.line - b.line);
}

function syntaxProblem(file: string, root: Node): Finding {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      const what = node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(node.text.slice(0, 20))}`;
      return problem(SYNTAX_RULE_ID, file, nodeRange(node), `Syntax error (${what}); CORS settings in the broken part may be missed`);
    }
    for (let i = node.childCount - 1; i >= 0; i--) stack.push(node.child(i)!);
  }
  return problem(SYNTAX_RULE_ID, file, zeroRange(), 'Syntax error; CORS settings in the broken part may be missed');
}

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column, offset: node.startIndex },
    end: { line: node.endPosition.row, character: node.endPosition.column, offset: node.endIndex },
  };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };
}

function problem(ruleId: string, file: string, range: Range, message: string): Finding {
  return { ruleId, severity: 'error', messageId: ruleId, data: {}, message, span: { file, range }, related: [], fixes: [] };
}
