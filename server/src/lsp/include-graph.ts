/**
 * Which file includes which, so a change to a snippet re-analyses the configs that
 * include it, even when the snippet is not open.
 */
export class IncludeGraph {
  private readonly out = new Map<string, Set<string>>();
  private readonly into = new Map<string, Set<string>>();

  /** Replaces the outgoing edges of every file in `includes`. */
  update(includes: ReadonlyMap<string, readonly string[]>): void {
    for (const [from, targets] of includes) {
      this.removeOutgoing(from);
      const set = new Set(targets);
      this.out.set(from, set);
      for (const to of set) {
        let back = this.into.get(to);
        if (!back) this.into.set(to, (back = new Set()));
        back.add(from);
      }
    }
  }

  /** Forgets a file's own includes (it was deleted); edges into it stay until its includers are re-analysed. */
  removeOutgoing(from: string): void {
    const old = this.out.get(from);
    if (!old) return;
    for (const to of old) {
      const back = this.into.get(to);
      back?.delete(from);
      if (back && back.size === 0) this.into.delete(to);
    }
    this.out.delete(from);
  }

  clear(): void {
    this.out.clear();
    this.into.clear();
  }

  includersOf(file: string): string[] {
    return [...(this.into.get(file) ?? [])];
  }

  /**
   * Every file connected to the given ones through includes in either direction:
   * analysing this set together gives each file the context of every config it is
   * part of.
   */
  component(files: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...files];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const next of this.out.get(file) ?? []) if (!seen.has(next)) stack.push(next);
      for (const next of this.into.get(file) ?? []) if (!seen.has(next)) stack.push(next);
    }
    return seen;
  }

  /** The files of a set that nothing in the set includes: where an analysis starts. */
  roots(files: ReadonlySet<string>): string[] {
    const roots = [...files].filter((f) => ![...(this.into.get(f) ?? [])].some((by) => files.has(by) && by !== f));
    // An include cycle has no root; start from all of it rather than from nothing.
    return (roots.length > 0 ? roots : [...files]).sort();
  }
}
