import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The integration tests wait on git and node child processes more than they compute: one test
    // file per core keeps both busy (vitest's default leaves one core idle on a 2-core machine).
    maxWorkers: 2,
    // A worker runs file after file without restarting (~1 s saved per file) and keeps the fixture
    // repositories it built; nothing in the tests mocks modules or changes process-wide state.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
  },
});
