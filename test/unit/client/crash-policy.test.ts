import * as assert from 'node:assert/strict';
import { CrashPolicy, type CrashVerdict } from '../../../client/src/crash-policy';

const MINUTE = 60_000;

/** A policy on a clock the test moves by hand. */
function withClock(): { policy: CrashPolicy; advance(ms: number): void } {
  let now = 1_000_000;
  return { policy: new CrashPolicy(() => now), advance: (ms) => void (now += ms) };
}

const brief = (v: CrashVerdict): string => `${v.restart ? 'restart' : 'give up'}${v.tellUser ? ' + tell' : ''}`;

describe('client: what a crash of the server leads to', () => {
  it('restarts four crashes in a row, tells the user on the first only, and gives up on the fifth within 3 minutes', () => {
    const { policy, advance } = withClock();
    const verdicts: string[] = [];
    for (let i = 0; i < 5; i++) {
      verdicts.push(brief(policy.crashed()));
      advance(10_000);
    }
    assert.deepEqual(verdicts, ['restart + tell', 'restart', 'restart', 'restart', 'give up + tell']);
  });

  it('counts only the crashes of the last 3 minutes', () => {
    const { policy, advance } = withClock();
    for (let i = 0; i < 4; i++) {
      assert.equal(policy.crashed().restart, true);
      advance(MINUTE);
    }
    // The first crash is now 4 minutes old, the second 3: they no longer count.
    const fifth = policy.crashed();
    assert.deepEqual(fifth, { restart: true, tellUser: false, recent: 3 });
    advance(MINUTE - 1);
    assert.deepEqual(policy.crashed(), { restart: true, tellUser: false, recent: 4 });
    // The window's edge: the crash at 2 minutes is now exactly 3 minutes old, and out.
    advance(1);
    assert.deepEqual(policy.crashed(), { restart: true, tellUser: false, recent: 4 });
    // A fifth within the window: no more restarts.
    assert.deepEqual(policy.crashed(), { restart: false, tellUser: true, recent: 5 });
  });

  it('keeps restarting a server that crashes now and then, and never tells the user twice', () => {
    const { policy, advance } = withClock();
    const told: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const v = policy.crashed();
      assert.equal(v.restart, true, `crash ${i + 1}`);
      told.push(v.tellUser);
      advance(2 * MINUTE);
    }
    assert.equal(told.filter(Boolean).length, 1);
    assert.equal(told[0], true);
  });

  it('starts afresh after a restart the user asked for', () => {
    const { policy, advance } = withClock();
    for (let i = 0; i < 5; i++) policy.crashed();
    assert.equal(policy.crashed().restart, false);
    policy.reset();
    advance(1);
    assert.deepEqual(policy.crashed(), { restart: true, tellUser: true, recent: 1 });
  });
});
