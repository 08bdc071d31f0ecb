import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The integration tests wait on git, node and the agent clients' processes more than they compute:
    // with two workers the two cores sit partly idle, with four they contend; three keep both busy.
    maxWorkers: 3,
    // A worker runs file after file without restarting (no new process per file) and keeps the fixture
    // repositories it built; nothing in the tests mocks modules or changes process-wide state.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
  },
});
