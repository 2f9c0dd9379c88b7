import * as assert from 'node:assert/strict';
import { namedGroups } from '../../../server/src/model/nginx/regex-groups';

describe('namedGroups', function () {
  it('numbers named groups among all capturing groups', function () {
    assert.deepEqual([...namedGroups('^https://(www\\.)?(?<name>[a-z]+)\\.(?P<tld>com|org)$')], [['name', 2], ['tld', 3]]);
    assert.deepEqual([...namedGroups("(?:a)(?'x'b)")], [['x', 1]]);
  });

  it('ignores parentheses that are escaped or inside a class, and lookarounds', function () {
    assert.deepEqual([...namedGroups('\\((?=x)[(](?<n>y)')], [['n', 1]]);
    assert.deepEqual([...namedGroups('[]()](?<n>y)')], [['n', 1]]);
  });
});
