import type { CorsPolicy } from '../../../server/src/model/cors-policy';

/** The `location` modifier and path of a policy, from its label (`server x › location = /ping`). */
export function locationOf(policy: CorsPolicy): { modifier: string; path: string } | undefined {
  const parts = policy.label.split(' › ');
  const last = parts[parts.length - 1];
  if (!last.startsWith('location ')) return undefined;
  const args = last.slice('location '.length).split(' ');
  return args.length === 2 ? { modifier: args[0], path: args[1] } : { modifier: '', path: args[0] };
}

function serverOf(policy: CorsPolicy): string {
  return policy.label.split(' › ')[0];
}

/**
 * The policy nginx picks for a request to this port and path: the first server
 * listening there (the default for a request by address), then an exact
 * location, else the longest matching prefix, else the server itself. Regex
 * locations are not considered: the fixtures that go through here use none.
 */
export function routeByPort(policies: readonly CorsPolicy[], port: number, uri: string): CorsPolicy | undefined {
  const first = policies.find((p) => p.endpoint?.ports.includes(port));
  if (!first) return undefined;
  const server = serverOf(first);
  const same = policies.filter((p) => serverOf(p) === server && p.endpoint?.ports.includes(port));
  const exact = same.find((p) => {
    const loc = locationOf(p);
    return loc?.modifier === '=' && loc.path === uri;
  });
  if (exact) return exact;
  let best: CorsPolicy | undefined;
  let bestLen = -1;
  for (const p of same) {
    const loc = locationOf(p);
    if (!loc || (loc.modifier !== '' && loc.modifier !== '^~')) continue;
    if (uri.startsWith(loc.path) && loc.path.length > bestLen) {
      best = p;
      bestLen = loc.path.length;
    }
  }
  return best ?? same.find((p) => !locationOf(p));
}
