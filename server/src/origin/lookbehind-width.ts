import type { AST } from '@eslint-community/regexpp';
import type { RegexFlavor } from '../model/origin-matcher';

/**
 * Engines differ in which lookbehinds they compile: Python wants one fixed
 * width, PCRE (as nginx links it) and Ruby a fixed width per alternative, Java
 * a bounded one; JavaScript and .NET take any. A pattern its engine refuses
 * never runs, so it must not be judged as if it did.
 */

type Width = [min: number, max: number];

/** Shortest and longest text a node can match (Infinity when unbounded). */
export function width(node: AST.Node): Width {
  switch (node.type) {
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
      return [1, 1];
    case 'Assertion':
      return [0, 0];
    case 'Backreference':
      return [0, Infinity];
    case 'Quantifier': {
      const [lo, hi] = width(node.element);
      return [lo * node.min, node.max === 0 ? 0 : hi * node.max];
    }
    case 'Alternative':
      return node.elements.reduce<Width>((acc, e) => {
        const [lo, hi] = width(e);
        return [acc[0] + lo, acc[1] + hi];
      }, [0, 0]);
    case 'Group':
    case 'CapturingGroup':
    case 'Pattern':
      return alternativesWidth(node.alternatives);
    default:
      return [0, Infinity];
  }
}

function alternativesWidth(alts: AST.Alternative[]): Width {
  const ws = alts.map(width);
  return [Math.min(...ws.map((w) => w[0])), Math.max(...ws.map((w) => w[1]))];
}

/** Why this flavour refuses the lookbehind, or undefined when it compiles. */
export function lookbehindProblem(el: AST.LookbehindAssertion, flavor: RegexFlavor): string | undefined {
  if (flavor === 'js' || flavor === 'dotnet') return undefined;
  if (flavor === 'go') return 'lookbehind (not valid in Go)';
  if (flavor === 'python') {
    const [lo, hi] = alternativesWidth(el.alternatives);
    return lo === hi ? undefined : 'variable-width lookbehind (refused by Python)';
  }
  if (flavor === 'java') return alternativesWidth(el.alternatives)[1] === Infinity ? 'unbounded lookbehind (refused by Java)' : undefined;
  const fixed = el.alternatives.every((a) => { const [lo, hi] = width(a); return lo === hi; });
  return fixed ? undefined : `variable-width lookbehind (refused by ${flavor === 'ruby' ? 'Ruby' : 'PCRE'})`;
}
