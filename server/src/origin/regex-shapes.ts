import type { AST } from '@eslint-community/regexpp';

/**
 * Reads a pattern the way its author most likely meant it: every alternative
 * spelled out, `?` both ways, a lone `.` as the dot it resembles, and a repeated
 * class that admits letters (`.*`, `[^/]+`, `\w+`, `[a-z0-9-]+`) as a wildcard
 * marker. The results seed the intended origins and the attack candidates, which
 * are then confirmed by real matching; nothing here is trusted on its own.
 */

/** Stands for a run of attacker-chosen characters inside a shape. */
export const WILDCARD = '\u0001';
/** Stands for a run of digits (`\d+`, `[0-9]{2,5}`): a port or an address byte, not one fixed value. */
export const DIGITS = '\u0002';

export interface Shape {
  text: string;
  /** The shape only matches from the start of the value (`^`, `\A`). */
  start: boolean;
  /** The shape only matches up to the end of the value (`$`, `\z`). */
  end: boolean;
}

const MAX_SHAPES = 48;

interface Partial {
  text: string;
  start: boolean;
  end: boolean;
}

class GiveUp extends Error {}

export function patternShapes(pattern: AST.Pattern): Shape[] {
  try {
    return alternatives(pattern.alternatives).map((p) => ({ text: collapse(p.text), start: p.start, end: p.end }));
  } catch (e) {
    if (e instanceof GiveUp) return [];
    throw e;
  }
}

function collapse(text: string): string {
  return text.replace(new RegExp(`${WILDCARD}+`, 'g'), WILDCARD).replace(new RegExp(`${DIGITS}+`, 'g'), DIGITS);
}

function alternatives(alts: AST.Alternative[]): Partial[] {
  const out: Partial[] = [];
  for (const a of alts) {
    for (const p of alternative(a)) {
      if (out.length < MAX_SHAPES) out.push(p);
    }
  }
  return out;
}

function alternative(alt: AST.Alternative): Partial[] {
  let acc: Partial[] = [{ text: '', start: false, end: false }];
  for (const el of alt.elements) {
    const parts = element(el);
    const next: Partial[] = [];
    for (const a of acc) {
      for (const p of parts) {
        if (next.length >= MAX_SHAPES) break;
        next.push({
          text: a.text + p.text,
          // An anchor only counts where nothing precedes (or follows) it.
          start: a.start || (p.start && a.text === ''),
          end: (a.end && p.text === '') || p.end,
        });
      }
    }
    acc = next;
  }
  return acc;
}

function literal(text: string): Partial[] {
  return [{ text, start: false, end: false }];
}

function element(el: AST.Element): Partial[] {
  switch (el.type) {
    case 'Character':
      return literal(String.fromCharCode(el.value));
    case 'CharacterSet':
    case 'CharacterClass':
      return literal(representative(el));
    case 'Group':
    case 'CapturingGroup':
      return alternatives(el.alternatives);
    case 'Assertion':
      if (el.kind === 'start') return [{ text: '', start: true, end: false }];
      if (el.kind === 'end') return [{ text: '', start: false, end: true }];
      if (el.kind === 'lookahead' && el.alternatives.length === 1 && el.alternatives[0].elements.length === 1) {
        // The translator's sentinels for \A, \z and \Z.
        const only = el.alternatives[0].elements[0];
        if (only.type === 'Character' && only.value === 0xe000) return [{ text: '', start: true, end: false }];
        if (only.type === 'Character' && (only.value === 0xe001 || only.value === 0xe002)) return [{ text: '', start: false, end: true }];
      }
      return literal('');
    case 'Quantifier':
      return quantifier(el);
    default:
      throw new GiveUp();
  }
}

function admitsLetters(el: AST.Node): boolean {
  if (el.type === 'CharacterSet') return el.kind === 'any' || (el.kind === 'word' && !el.negate) || (el.negate && el.kind !== 'word');
  if (el.type !== 'CharacterClass') return false;
  const covers = (e: AST.Node): boolean =>
    (e.type === 'CharacterClassRange' && e.min.value <= 0x7a && e.max.value >= 0x61) ||
    (e.type === 'Character' && e.value >= 0x61 && e.value <= 0x7a) ||
    (e.type === 'CharacterSet' && admitsLetters(e));
  // A negated class admits letters unless it names the whole alphabet.
  if (el.negate) return !el.elements.some((e) => e.type === 'CharacterClassRange' && e.min.value <= 0x61 && e.max.value >= 0x7a);
  return el.elements.some(covers);
}

function onlyDigits(el: AST.Node): boolean {
  if (el.type === 'CharacterSet') return el.kind === 'digit' && !el.negate;
  if (el.type !== 'CharacterClass' || el.negate || el.elements.length === 0) return false;
  return el.elements.every((e) =>
    (e.type === 'CharacterClassRange' && e.min.value >= 0x30 && e.max.value <= 0x39) ||
    (e.type === 'Character' && e.value >= 0x30 && e.value <= 0x39) ||
    onlyDigits(e));
}

function representative(el: AST.CharacterSet | AST.CharacterClass): string {
  if (el.type === 'CharacterSet') {
    if (el.kind === 'any') return '.';
    if (el.kind === 'digit') return el.negate ? 'x' : '8';
    if (el.kind === 'word') return el.negate ? '-' : 'w';
    if (el.kind === 'space') return el.negate ? 'x' : ' ';
    return 'x';
  }
  if (el.negate) return 'x';
  const first = el.elements[0];
  if (!first) return '';
  if (first.type === 'Character') return String.fromCharCode(first.value);
  if (first.type === 'CharacterClassRange') return String.fromCharCode(first.min.value);
  if (first.type === 'CharacterSet') return representative(first);
  return 'x';
}

function quantifier(q: AST.Quantifier): Partial[] {
  const el = q.element;
  const single = el.type === 'CharacterSet' || el.type === 'CharacterClass';
  if (single && q.max > 1 && admitsLetters(el)) {
    return q.min === 0 ? [{ text: WILDCARD, start: false, end: false }, ...literal('')] : literal(WILDCARD);
  }
  if (single && q.max > 1 && onlyDigits(el)) return q.min === 0 ? [...literal(DIGITS), ...literal('')] : literal(DIGITS);
  const body = element(el);
  const times = Math.min(Math.max(q.min, 1), 6);
  const repeated = body.map((p) => ({ ...p, text: p.text.repeat(times) }));
  return q.min === 0 ? [...repeated, ...literal('')] : repeated;
}
