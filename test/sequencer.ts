import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { startClaudeInstall } from './helpers/claude-binary.js';
import { startClientInstall } from './helpers/client-binary.js';

const TEST_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * Seconds each slow file took in a fresh clone on the 2-core machine. A fresh clone has no timings of
 * an earlier run, so vitest would order files by size, and a short file with a long run (the
 * contention test) could start last and leave the other worker idle for its whole length.
 */
const SECONDS: Record<string, number> = {
  'integration/any-worktree.test.ts': 18,
  'integration/claims.test.ts': 18,
  'integration/lifecycle.test.ts': 15,
  'integration/existing-hooks.test.ts': 12,
  'integration/spawn.test.ts': 12,
  'integration/hooks.test.ts': 11,
  'integration/status.test.ts': 11,
  'integration/config-formats.test.ts': 11,
  'integration/real-claude.test.ts': 10,
  'integration/real-opencode.test.ts': 10,
  'integration/real-gemini.test.ts': 6,
  'integration/real-copilot.test.ts': 6,
  'integration/real-codex.test.ts': 3,
  'integration/real-qwen.test.ts': 6,
  'integration/real-cline.test.ts': 6,
  'integration/conflicts.test.ts': 4,
  'integration/init.test.ts': 9,
  'integration/sequence.test.ts': 9,
  'integration/guard.test.ts': 7,
  'integration/check-commits.test.ts': 7,
  'integration/claims-contention.test.ts': 6,
  'integration/session-variance.test.ts': 5,
  'integration/check-staged.test.ts': 5,
  'integration/package.test.ts': 8,
  'integration/github-action.test.ts': 12,
  'integration/sandbox.test.ts': 2,
  'integration/ci-trust.test.ts': 2,
};

/**
 * Longest first (files not listed after, in vitest's order): the two workers end together. Where
 * the real Claude Code test is among the files, its binary starts installing now (if it is not in
 * the cache yet), while the files before it run.
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    if (files.some((file) => file.moduleId.endsWith('real-claude.test.ts'))) startClaudeInstall();
    const clients = process.env.AGENT_GUARD_CLIENT_TESTS === '1' ? (['codex', 'gemini', 'copilot', 'opencode', 'qwen', 'cline'] as const) : (['codex'] as const);
    for (const client of clients) if (files.some((file) => file.moduleId.endsWith(`real-${client}.test.ts`))) startClientInstall(client);
    const ordered = await super.sort(files);
    const seconds = (file: TestSpecification) => SECONDS[relative(TEST_DIR, file.moduleId).split('\\').join('/')] ?? 0;
    return ordered.map((file, i) => ({ file, i })).sort((a, b) => seconds(b.file) - seconds(a.file) || a.i - b.i).map(({ file }) => file);
  }
}
