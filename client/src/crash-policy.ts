/**
 * What the client does when the server's connection closes without being asked
 * to: restart it, tell the user the first time only, and give up once it keeps
 * crashing, so a server that dies at start-up does not loop forever.
 * Free of `vscode` so it can be tested with a fake clock.
 */

export interface CrashVerdict {
  restart: boolean;
  /** Whether to tell the user now: on the first restart, and when giving up. */
  tellUser: boolean;
  /** Crashes counted within the window, this one included. */
  recent: number;
}

export class CrashPolicy {
  private crashes: number[] = [];
  private told = false;

  constructor(
    private readonly now: () => number = Date.now,
    /** More crashes than this within the window and the server stays stopped. */
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  crashed(): CrashVerdict {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    const recent = this.crashes.length;
    if (recent > this.maxRestarts) return { restart: false, tellUser: true, recent };
    const tellUser = !this.told;
    this.told = true;
    return { restart: true, tellUser, recent };
  }

  /** A restart the user asked for starts the count afresh. */
  reset(): void {
    this.crashes = [];
    this.told = false;
  }
}
