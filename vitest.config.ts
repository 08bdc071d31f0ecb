import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The integration tests wait on git, node and the agent clients' processes more than they compute:
    // on the 2-core machine two workers left the CPUs a third idle; three workers ran the suite in
    // 79-84 s where two took 92 s and four 91 s, in the same half hour.
    maxWorkers: 3,
    // A worker runs file after file without restarting (~1 s saved per file) and keeps the fixture
    // repositories it built; nothing in the tests mocks modules or changes process-wide state.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
  },
});
