/**
 * The crafted origins that reveal a careless origin check, as the well-known
 * CORS scanners send them, each tied to the rule id its success proves.
 */
export type ProbeRuleId = 'reflected-origin' | 'null-origin-allowed' | 'permissive-origin-pattern' | 'any-subdomain-trusted' | 'insecure-origin-scheme';

export interface ProbeOrigin {
  origin: string;
  /** Short name of the trick, e.g. `suffix`, `special-character`. */
  kind: string;
  ruleId: ProbeRuleId;
  /** What the server's check must be doing if it lets this origin in. */
  meaning: string;
}

/** An attacker-controlled registrable domain that stands for "any other site". */
export const ATTACKER_DOMAIN = 'attacker-site.net';

/** Hosts anyone can publish a page on; trusting one trusts everybody there. */
const THIRD_PARTY_ORIGINS = ['https://attacker.github.io', 'https://codepen.io', 'https://jsfiddle.net', 'https://attacker.herokuapp.com', 'https://attacker.s3.amazonaws.com', 'https://attacker.netlify.app'];

/** Characters some browsers accept in a host, which sloppy patterns take as the end of the trusted name. */
const SPECIAL_CHARACTERS = ['_', '`', '}', '!', '~', '$', '&', "'", '(', '*', '+', ',', ';', '=', '|'];

/** The host with its first dot replaced, e.g. `apixexample.com`, matched by a regex with an unescaped dot. */
function unescapedDotHost(host: string): string {
  const labels = host.split('.');
  if (labels.length >= 3) return `${labels[0]}x${labels.slice(1).join('.')}`;
  return `wwwx${host}`;
}

export function probeOrigins(target: URL): ProbeOrigin[] {
  const host = target.hostname;
  const scheme = target.protocol === 'http:' ? 'http' : 'https';
  const base = `${scheme}://${host}`;
  const probes: ProbeOrigin[] = [
    { origin: `https://${ATTACKER_DOMAIN}`, kind: 'reflection', ruleId: 'reflected-origin', meaning: 'echoes any Origin it receives' },
    { origin: 'null', kind: 'null', ruleId: 'null-origin-allowed', meaning: 'trusts the opaque origin null, which sandboxed iframes and data: pages send' },
    { origin: `${base}.${ATTACKER_DOMAIN}`, kind: 'prefix', ruleId: 'permissive-origin-pattern', meaning: 'checks only that the Origin starts with the trusted name' },
    { origin: `${scheme}://evil${host}`, kind: 'suffix', ruleId: 'permissive-origin-pattern', meaning: 'checks only that the Origin ends with the trusted name, without a dot boundary' },
    { origin: `${scheme}://${unescapedDotHost(host)}`, kind: 'unescaped-dot', ruleId: 'permissive-origin-pattern', meaning: 'matches with a regex whose dot is not escaped' },
    { origin: `${scheme}://${host.slice(0, -1)}`, kind: 'substring', ruleId: 'permissive-origin-pattern', meaning: 'accepts any Origin contained in the trusted name' },
    { origin: `${scheme}://${host}.${ATTACKER_DOMAIN.replace('.', '-')}.com`, kind: 'substring', ruleId: 'permissive-origin-pattern', meaning: 'accepts any Origin that contains the trusted name' },
    // Sibling pages live on the default port, whatever port the API uses.
    { origin: `${scheme}://${ATTACKER_DOMAIN.split('.')[0]}.${host}`, kind: 'any-subdomain', ruleId: 'any-subdomain-trusted', meaning: 'trusts every subdomain, so one taken-over subdomain owns the API' },
  ];
  // A plain-http API is open to a network attacker anyway; the downgrade only means something for https.
  if (scheme === 'https') {
    probes.push({ origin: `http://${host}`, kind: 'http-downgrade', ruleId: 'insecure-origin-scheme', meaning: 'trusts the plain-http origin, which a network attacker can act as' });
  }
  for (const ch of SPECIAL_CHARACTERS) {
    probes.push({ origin: `${scheme}://${host}${ch}.${ATTACKER_DOMAIN}`, kind: 'special-character', ruleId: 'permissive-origin-pattern', meaning: `ends the trusted name at "${ch}", a character some browsers allow in hosts` });
  }
  for (const origin of THIRD_PARTY_ORIGINS) {
    probes.push({ origin, kind: 'third-party', ruleId: 'permissive-origin-pattern', meaning: 'trusts a shared hosting site where anyone can publish a page' });
  }
  return probes;
}
