import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { initSourcesFor } from '../../../server/src/engine/analyze';
import { sources } from '../../../server/src/engine/sources';
import { fakeSource } from './support/fake-source';
import { removeTree, tempTree } from './support/temp-tree';

describe('initSourcesFor', () => {
  let root: string;
  const spy = Object.assign(fakeSource('zzz-init-probe'), { inits: 0 });
  spy.init = async () => {
    spy.inits++;
  };
  before(() => sources.push(spy));
  after(() => sources.splice(sources.indexOf(spy), 1));
  afterEach(() => removeTree(root));

  it('sets up only the sources that claim a file, and each once', async () => {
    root = tempTree({ 'nginx.conf': 'events {}\n', 'app/a.zzz-init-probe': 'policy a\n' });
    await initSourcesFor([path.join(root, 'nginx.conf')], { root });
    assert.equal(spy.inits, 0);
    await initSourcesFor([root], { root });
    await initSourcesFor([root], { root });
    assert.equal(spy.inits, 1);
  });
});
