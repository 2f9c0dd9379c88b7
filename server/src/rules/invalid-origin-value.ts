import type { Fix } from '../core/finding';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import { parseOriginValue } from '../origin/origin-syntax';
import type { FixProvider, Rule } from './rule';
import { ACAO, textOf } from './support/headers';
import { emissionOrigin, onceReporter } from './support/report';

type Problem = 'missing-scheme' | 'has-path' | 'several-origins' | 'wildcard-inside' | 'not-an-origin';

const MESSAGE_IDS: Record<Problem, string> = {
  'missing-scheme': 'missingScheme',
  'has-path': 'hasPath',
  'several-origins': 'severalOrigins',
  'wildcard-inside': 'wildcardInside',
  'not-an-origin': 'notAnOrigin',
};

function fixFor(problem: Problem, text: string, fixer: FixProvider, policy: CorsPolicy, emission: HeaderEmission, trusted: readonly string[]): Fix | undefined {
  switch (problem) {
    case 'missing-scheme': {
      // The scheme is a guess: offered, never applied on its own.
      const fix = fixer.replaceValue(emission, `https://${text}`, `Use https://${text}`);
      return fix && { ...fix, safe: false };
    }
    case 'has-path': {
      const origin = originPrefix(text);
      if (!origin) return undefined;
      const fix = fixer.replaceValue(emission, origin, `Use ${origin} (an origin has no path)`);
      return fix && { ...fix, safe: true };
    }
    case 'several-origins': {
      const origins = text.split(/[\s,]+/).filter((t) => t !== '');
      return fixer.allowlistOrigin(policy, emission, origins.length > 0 ? origins : trusted);
    }
    default:
      return undefined;
  }
}

function originPrefix(text: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/\s]+)\//i.exec(text);
  return m?.[1];
}

export const rule: Rule = {
  meta: {
    id: 'invalid-origin-value',
    description: 'A literal Access-Control-Allow-Origin value that no browser accepts.',
    defaultSeverity: 'error',
    messages: {
      missingScheme: '`{{value}}` is not an origin (no scheme): browsers compare it with e.g. https://{{value}} and refuse every response.',
      hasPath: '`{{value}}` has a path or a trailing slash: browsers compare it with the bare origin and refuse every response.',
      severalOrigins: '`{{value}}` lists several origins in one value: browsers accept exactly one origin (or `*`) and refuse every response.',
      wildcardInside: '`{{value}}` has a wildcard inside the origin: only a bare `*` is a wildcard, so browsers refuse every response.',
      notAnOrigin: '`{{value}}` is not a valid origin: browsers refuse every response.',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    // Thousands of paths send a handful of distinct values: each is parsed once.
    const parsedValues = new Map<string, ReturnType<typeof parseOriginValue>>();
    const parse = (text: string) => {
      let parsed = parsedValues.get(text);
      if (!parsed) parsedValues.set(text, (parsed = parseOriginValue(text)));
      return parsed;
    };
    for (const policy of ctx.policies) {
      for (const branch of policy.branches) {
        for (const emission of branch.headers) {
          if (emission.key !== ACAO) continue;
          // A value built from the Origin (`https://$sub.example.com`) renders oddly only for origins it refuses anyway.
          if (!emission.value.cases.every((c) => c.parts.every((p) => p.kind === 'text'))) continue;
          for (const c of emission.value.cases) {
            const text = textOf(c);
            if (text === '' || text === '*' || text === 'null') continue;
            const parsed = parse(text);
            if (parsed.ok) continue;
            report({
              messageId: MESSAGE_IDS[parsed.problem],
              data: { value: text },
              span: c.at,
              severity: 'error',
              related: () => emissionOrigin(policy, emission, c.at),
              fixes: () => [fixFor(parsed.problem, text, ctx.fixer(policy), policy, emission, ctx.trustedOrigins)],
            });
          }
        }
      }
    }
    report.flush();
  },
};
