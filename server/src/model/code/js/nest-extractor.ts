import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, ResponseBranch } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { callArgs, dottedName, field, spanOf, unwrap } from './ast';
import { OptionsReader, optionsTarget } from './cors-options';
import { fastifyCorsBranches } from './fastify-extractor';
import { optionsTargets } from './fix-targets';
import { jsCorsFixer } from './js-fixer-hook';
import { callsIn } from './module-imports';
import { npmCorsBranches } from './npm-cors';
import { policy } from './policy-parts';
import { JsEvaluator, property } from './values';

/**
 * NestJS: `app.enableCors(options)` and `NestFactory.create(Module, { cors })`.
 * The Express adapter mounts the npm `cors` package with the options
 * (`app.use(cors(options))`), the Fastify adapter registers `@fastify/cors`;
 * `cors: true` enables it with the library defaults.
 */
export const nestExtractor: FrameworkExtractor = {
  id: 'nestjs-cors',
  languages: ['javascript', 'typescript', 'tsx'],
  mentions: /enableCors|NestFactory/,
  sources: ['nestjs'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const evaluator = new JsEvaluator(project);
    const fastify = /\bFastifyAdapter\b/.test(file.text);
    const policies: CorsPolicy[] = [];
    const add = (call: Node, options: Node | undefined, viaCreate: boolean) => {
      let value = options ? evaluator.evaluate(file, options) : undefined;
      if (viaCreate && value) {
        const cors = property(value, 'cors', options!);
        if (cors.kind === 'nullish' || (cors.kind === 'boolean' && !cors.value)) return;
        value = cors.kind === 'boolean' ? undefined : cors;
      }
      const reader = new OptionsReader(evaluator, value, spanOf(file, call));
      let branches: ResponseBranch[];
      if (fastify) branches = fastifyCorsBranches(reader, file);
      else {
        const built = npmCorsBranches(reader, file);
        branches = [...built.preflight, ...built.actual];
        reader.notes.push(...built.notes.filter((n) => !reader.notes.includes(n)));
      }
      const made = policy('nestjs', `NestJS ${viaCreate ? 'NestFactory.create({ cors })' : 'enableCors()'} (${fastify ? 'Fastify' : 'Express'} adapter)`, spanOf(file, call), branches, [...reader.notes]);
      optionsTargets.set(made, optionsTarget(reader, call, file));
      policies.push(made);
    };
    for (const call of callsIn(file.tree.rootNode)) {
      const callee = unwrap(field(call, 'function')!);
      const name = dottedName(callee);
      const args = callArgs(call);
      if (callee.type === 'member_expression' && field(callee, 'property')?.text === 'enableCors') add(call, args[0], false);
      else if (name === 'NestFactory.create') {
        const options = args.slice(1).find((a) => unwrap(a).type !== 'new_expression');
        if (options) add(call, options, true);
      }
    }
    return { policies };
  },
  fixer: jsCorsFixer,
};
