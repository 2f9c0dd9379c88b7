import { parseOriginValue } from './origin-syntax';
import { isIpHost, isPublicHostName, registrableDomain } from './registrable-host';
import { DIGITS, WILDCARD, type Shape } from './regex-shapes';

/**
 * Turns the shapes of a check into concrete origins an attacker could send:
 * wildcards filled with attacker text, an attacker domain glued onto unanchored
 * ends, dots swapped for letters. Every candidate is only a guess until the
 * real matcher admits it.
 */

/** Attacker text for a wildcard; the empty fill gives the author's own reading. */
const FILLS = ['evil', '.evil.net', 'evil.net', 'evil.', 'evil.net.', 'evil-', ''];
/** What may precede a shape that is not anchored at the start. */
const PREPENDS = ['', 'https://', 'https://evil', 'https://evil-', 'http://evil'];
/** What may follow a shape that is not anchored at the end. */
const APPENDS = ['', '.evil.net', '-evil.net', 'evil.net'];

export interface Candidate {
  origin: string;
  /** The origin the author meant, which this one resembles. */
  intended: string;
}

/** The host part of a shape's text (which may lack a scheme). */
export function shapeHost(text: string): string {
  const sep = text.indexOf('://');
  const rest = sep >= 0 ? text.slice(sep + 3) : text;
  const end = rest.search(/[/:?#]/);
  return end >= 0 ? rest.slice(0, end) : rest;
}

/** The registrable domain the author had in mind for this shape, if its host names one. */
export function shapeDomain(shape: Shape): string | undefined {
  const host = shapeHost(fillDigits(shape.text.toLowerCase()));
  const parts = host.split(WILDCARD);
  // The literal after the last wildcard (`*.example.com`), else before the first (`example.com*`).
  for (const piece of [parts[parts.length - 1], parts[0]]) {
    const clean = piece.replace(/^[.-]+|[.-]+$/g, '');
    if (clean.includes('.') && (isPublicHostName(clean) || isIpHost(clean))) return registrableDomain(clean);
    if (clean === 'localhost') return clean;
  }
  return undefined;
}

/** A digit run becomes a port after `:`, else one digit (an address byte). */
export function fillDigits(text: string): string {
  return text.replace(new RegExp(`(:?)${DIGITS}`, 'g'), (_, colon: string) => (colon ? ':8443' : '8'));
}

const LABEL = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/;

function properOrigin(text: string): boolean {
  const p = parseOriginValue(text);
  return p.ok && p.host !== '' && (p.host.startsWith('[') || p.host.split('.').every((l) => LABEL.test(l)));
}

/**
 * The author's reading of a shape as one concrete origin: wildcards empty, a
 * scheme supplied if missing. None when the shape holds a digit run (any port
 * is meant, not one) or leaves no well-formed host.
 */
export function shapeIntended(shape: Shape): string | undefined {
  if (shape.text.includes(DIGITS)) return undefined;
  return concrete(shape.text);
}

function concrete(raw: string): string | undefined {
  let text = raw.toLowerCase().split(WILDCARD).join('');
  // `null` is the opaque origin, never a host to put a scheme in front of.
  if (text === 'null') return undefined;
  if (!text.includes('://')) text = 'https://' + text.replace(/^[.-]+/, '');
  text = text.replace(/:\/\/[.-]+/, '://').replace(/[.-]+$/, '');
  return properOrigin(text) ? text : undefined;
}

/** One origin of the shape as the author meant it, digit runs filled; for probing, never for allowlists. */
export function shapeExample(shape: Shape): string | undefined {
  return shape.text.includes(WILDCARD) ? undefined : concrete(fillDigits(shape.text));
}

/** How to name what the author meant: the concrete origin, else the shape with `*` for its wildcards. */
function describeIntended(shape: Shape): string {
  const text = fillDigits(shape.text.toLowerCase());
  if (text === 'null') return 'null';
  // A wildcard that forms its own label (`*.vercel.app`, `app-*.example.com`) is meant as one.
  const ownLabel = new RegExp(`${WILDCARD}\\.|[.-]${WILDCARD}`).test(text);
  const plain = ownLabel ? undefined : concrete(text);
  return plain ?? (text.includes('://') ? '' : 'https://') + text.split(WILDCARD).join('*');
}

function fillAll(text: string, fill: string): string {
  return text.split(WILDCARD).join(fill);
}

/** Replaces one dot of the host at a time with a letter. */
function dotSwaps(origin: string): string[] {
  const sep = origin.indexOf('://');
  if (sep < 0) return [];
  const hostStart = sep + 3;
  const host = shapeHost(origin);
  const out: string[] = [];
  for (let i = 0; i < host.length; i++) {
    if (host[i] !== '.') continue;
    const at = hostStart + i;
    out.push(origin.slice(0, at) + 'x' + origin.slice(at + 1));
  }
  return out;
}

/** Well-formed web origins an attacker could own: http(s), a public host name, no default port. */
function isAttackerOrigin(origin: string): boolean {
  const p = parseOriginValue(origin);
  return p.ok && (p.scheme === 'https' || p.scheme === 'http') && isPublicHostName(p.host);
}

export function candidatesFor(shape: Shape): Candidate[] {
  const intended = describeIntended(shape);
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const push = (origin: string): void => {
    const o = origin.toLowerCase();
    if (seen.has(o) || !isAttackerOrigin(o)) return;
    seen.add(o);
    out.push({ origin: o, intended });
  };
  const text = fillDigits(shape.text.toLowerCase());
  for (const fill of FILLS) {
    const base = fillAll(text, fill);
    for (const pre of shape.start ? [''] : PREPENDS) {
      for (const post of shape.end ? [''] : APPENDS) push(pre + base + post);
    }
    const withScheme = base.includes('://') ? base : 'https://' + base;
    for (const swapped of dotSwaps(withScheme)) {
      push(swapped);
      if (!shape.end) push(swapped + '.evil.net');
    }
  }
  return out;
}

/**
 * Origins hidden inside an exact one, for checks that admit any piece of a
 * string: the scheme with the host cut short, longest first
 * (`https://app.example.co`, a name someone else can register, inside `https://app.example.com`).
 */
export function truncatedCandidates(shape: Shape): Candidate[] {
  const text = shape.text.toLowerCase();
  const sep = text.indexOf('://');
  if (sep < 0 || text.includes(WILDCARD) || text.includes(DIGITS)) return [];
  const scheme = text.slice(0, sep + 3);
  const host = shapeHost(text);
  const intended = describeIntended(shape);
  const out: Candidate[] = [];
  for (let end = host.length - 1; end > 0; end--) {
    const origin = scheme + host.slice(0, end);
    if (isAttackerOrigin(origin)) out.push({ origin, intended });
  }
  return out;
}
