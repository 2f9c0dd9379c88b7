import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { runAnalysis } from '../../../server/src/engine/run-analysis';
import type { CheckEngine } from '../../../server/src/cli/check';
import { fakeRules, fakeSource } from '../engine/support/fake-source';

/** `check` over the engine's fake source and rules: output and exit codes without depending on real rules. */
export function fakeEngine(): CheckEngine {
  return {
    init: async () => {},
    analyze: (paths, options) => runAnalysis(paths, options, { sources: [fakeSource()], rules: fakeRules, host: createNodeFileHost() }),
    rules: fakeRules.map((r) => r.meta),
  };
}
