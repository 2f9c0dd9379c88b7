import type { Span } from '../../core/range';
import type { HeaderEmission, HeaderScope } from '../cors-policy';
import { and, ANY, type Case, constantText, neverSent, prune, toValueCases } from './symbolic';

/**
 * One of mod_headers' two tables (`onsuccess`, `always`) as the actions of the
 * merged configuration leave it. Each entry is one header line the table may
 * send; a conditional `set` stays beside what it would replace, because
 * `predict` replaces only when the condition holds (mode `set`), exactly as
 * Apache skips an action whose condition fails.
 */
export class HeaderTable {
  readonly entries: HeaderEmission[] = [];
  /** Lower-case names an unconditional `set` or `unset` replaced (what an upstream sent under them is gone). */
  readonly replaced = new Set<string>();

  constructor(private readonly scope: HeaderScope) {}

  private emission(name: string, cases: Case[], mode: 'set' | 'add', at: Span, via: Span[]): HeaderEmission {
    return { name, key: name.toLowerCase(), value: { cases: toValueCases(cases, at) }, scope: this.scope, mode, at, ...(via.length ? { via } : {}) };
  }

  private removeKey(key: string): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i].key === key) this.entries.splice(i, 1);
  }

  private existing(key: string): HeaderEmission[] {
    return this.entries.filter((e) => e.key === key);
  }

  /** `cases` already fold in the action's condition: a case without parts means "not applied". */
  apply(action: string, name: string, cases: Case[], at: Span, via: Span[]): void {
    const key = name.toLowerCase();
    const unconditional = cases.length > 0 && cases.every((c) => c.parts !== null && c.parts.length > 0) && cases[cases.length - 1].when.kind === 'any';
    switch (action) {
      case 'set':
        if (neverSent(cases)) return;
        if (unconditional) {
          this.replaced.add(key);
          // apr_table_set keeps the place of the first line it replaces.
          const at0 = this.entries.findIndex((e) => e.key === key);
          this.removeKey(key);
          this.entries.splice(at0 < 0 ? this.entries.length : at0, 0, this.emission(name, cases, 'set', at, via));
          return;
        }
        this.setWhere(key, name, cases, at, via);
        return;
      case 'add':
        if (!neverSent(cases)) this.entries.push(this.emission(name, cases, 'add', at, via));
        return;
      case 'setifempty':
        if (this.existing(key).length === 0 && !neverSent(cases)) this.entries.push(this.emission(name, cases, 'set', at, via));
        return;
      case 'append':
      case 'merge':
        this.join(action, key, name, cases, at, via);
        return;
      case 'unset':
        if (cases.length && cases[0].when.kind === 'any' && cases[0].parts !== null) {
          this.removeKey(key);
          this.replaced.add(key);
        }
        return;
      default:
        return;
    }
  }

  /**
   * A `set` that applies to some origins only. Where it does not apply the
   * header keeps its earlier value, so with one earlier line the two become one
   * entry (the earlier value fills the cases the condition leaves out), in the
   * earlier line's place: a set, applied or not, never moves the line.
   */
  private setWhere(key: string, name: string, cases: Case[], at: Span, via: Span[]): void {
    const prior = this.existing(key);
    if (prior.length !== 1) {
      this.entries.push(this.emission(name, cases, 'set', at, via));
      return;
    }
    const before: Case[] = prior[0].value.cases.map((c) => ({ when: c.when, parts: c.parts, at: c.at }));
    const combined: Case[] = [];
    for (const c of cases) {
      if (c.parts !== null && c.parts.length > 0) combined.push(c);
      else for (const b of before) combined.push({ when: and(c.when, b.when), parts: b.parts, at: b.at });
    }
    const index = this.entries.indexOf(prior[0]);
    this.entries[index] = { ...this.emission(name, prune(combined), prior[0].mode, at, via), name: prior[0].name };
  }

  /**
   * `Header edit[*] name regex replacement` on literal values: the first (or
   * every) match replaced, `$1`-style groups as in PCRE. Returns false when a
   * value is not literal, so the model says it could not follow.
   */
  edit(name: string, pattern: string, replacement: string, all: boolean): boolean {
    let re: RegExp;
    try {
      re = new RegExp(pattern, all ? 'g' : '');
    } catch {
      return false;
    }
    const key = name.toLowerCase();
    let ok = true;
    this.entries.forEach((e, i) => {
      if (e.key !== key) return;
      const before = constantText(e.value.cases.map((c) => ({ when: c.when, parts: c.parts })));
      if (before === undefined) {
        ok = false;
        return;
      }
      const after = before.replace(re, replacement);
      this.entries[i] = { ...e, value: { cases: [{ when: ANY, parts: after === '' ? [] : [{ kind: 'text', text: after }], at: e.value.cases[0].at }] } };
    });
    return ok;
  }

  /** `append` adds `, value` to the header (merge: unless that token is there); with no header yet, it sets it. */
  private join(action: 'append' | 'merge', key: string, name: string, cases: Case[], at: Span, via: Span[]): void {
    if (neverSent(cases)) return;
    const prior = this.existing(key);
    if (prior.length === 0) {
      this.entries.push(this.emission(name, cases, 'set', at, via));
      return;
    }
    const first = prior[0];
    const before = constantText(first.value.cases.map((c) => ({ when: c.when, parts: c.parts })));
    const add = constantText(cases);
    if (before !== undefined && add !== undefined) {
      const tokens = before.split(',').map((t) => t.trim().toLowerCase());
      if (action === 'merge' && tokens.includes(add.trim().toLowerCase())) return;
      const merged = this.emission(first.name, [{ when: ANY, parts: [{ kind: 'text', text: `${before}, ${add}` }], at }], first.mode, at, via);
      this.entries[this.entries.indexOf(first)] = merged;
      return;
    }
    // A value that depends on the Origin cannot be joined as text: keep it as a second line, the closest the model can say.
    this.entries.push(this.emission(name, cases, 'add', at, via));
  }
}
