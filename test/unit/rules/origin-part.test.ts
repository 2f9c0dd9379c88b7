import * as assert from 'node:assert/strict';
import type { RequestCondition } from '../../../server/src/model/cors-policy';
import type { OriginMatcher } from '../../../server/src/model/origin-matcher';
import { originPart } from '../../../server/src/rules/support/reflection';

/** What a path's condition lets through of the Origin, as the rules judge origin checks. */
describe('originPart', () => {
  const allowed: OriginMatcher = { kind: 'suffix', value: 'example.com', caseInsensitive: false };
  const check: RequestCondition = { kind: 'origin', matcher: allowed };
  const present: RequestCondition = { kind: 'header-present', name: 'origin' };
  const not = (cond: RequestCondition): RequestCondition => ({ kind: 'not', cond });

  it('is the check itself on the path an early return for `!check` leaves', () => {
    assert.deepEqual(originPart(not(not(check))), allowed);
  });

  it('pushes a negation through a check mixed with other conditions (`origin == null || !check` returning early)', () => {
    assert.deepEqual(originPart(not({ kind: 'or', conds: [not(present), not(check)] })), allowed);
    // Not (present and allowed): an absent Origin goes on too, so any origin may.
    assert.deepEqual(originPart(not({ kind: 'and', conds: [present, check] })), { kind: 'any' });
    assert.deepEqual(originPart(not({ kind: 'or', conds: [{ kind: 'method', methods: ['OPTIONS'] }, not(check)] })), allowed);
  });

  it('lets every origin through where only other conditions are negated, and keeps negated pure checks as they were', () => {
    assert.deepEqual(originPart(not(present)), { kind: 'any' });
    assert.deepEqual(originPart(not({ kind: 'or', conds: [present, { kind: 'method', methods: ['GET'] }] })), { kind: 'any' });
    assert.deepEqual(originPart(not(check)), { kind: 'not', matcher: allowed });
    const other: OriginMatcher = { kind: 'exact', value: 'https://b.example.com', caseInsensitive: false };
    assert.deepEqual(originPart(not({ kind: 'or', conds: [check, { kind: 'origin', matcher: other }] })), { kind: 'not', matcher: { kind: 'or', matchers: [allowed, other] } });
  });
});
