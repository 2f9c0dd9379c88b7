/**
 * Approximates the registrable domain (eTLD+1) of a host: enough to tell an
 * attacker's domain from the author's own, without shipping the public suffix list.
 * Suffixes below are the multi-label ones commonly met in CORS allowlists.
 */

const MULTI_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'me.uk', 'com.au', 'net.au', 'org.au', 'edu.au', 'co.jp', 'ne.jp', 'or.jp',
  'co.nz', 'com.br', 'com.cn', 'com.mx', 'com.tr', 'com.sg', 'com.hk', 'co.in', 'co.za', 'co.kr', 'com.tw',
  'github.io', 'gitlab.io', 'herokuapp.com', 'vercel.app', 'netlify.app', 'pages.dev', 'workers.dev', 'appspot.com',
  'web.app', 'firebaseapp.com', 'azurewebsites.net', 'cloudfront.net', 'amazonaws.com', 'blogspot.com', 'onrender.com',
  'fly.dev', 'ngrok.io', 'ngrok-free.app', 'glitch.me', 'repl.co',
]);

export function isIpHost(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** The registrable part of a host, lower-cased; an IP address or a single label is its own. */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIpHost(h)) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const lastTwo = labels.slice(-2).join('.');
  return MULTI_LABEL_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
}

/** Generic top-level domains common enough to stand for "a name someone can register". */
const GENERIC_TLDS = new Set([
  'com', 'net', 'org', 'io', 'dev', 'app', 'info', 'biz', 'xyz', 'online', 'site', 'tech', 'cloud', 'ai', 'me',
  'edu', 'gov', 'mil', 'int', 'page', 'web', 'shop', 'store', 'blog', 'company', 'services', 'test',
]);

/**
 * A name anyone could register on the public internet: two or more labels under
 * a real top-level domain (a country code or a common generic one).
 */
export function isPublicHostName(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1];
  if (!/^[a-z]{2}$/.test(tld) && !GENERIC_TLDS.has(tld)) return false;
  return labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
}

/** Loopback hosts: no network attacker can pose as them, whatever the scheme. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]';
}
