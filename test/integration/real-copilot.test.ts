import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realClient } from '../helpers/client-session.js';
import { fakeOpenAi } from '../helpers/fake-openai.js';

// The real Copilot CLI (pinned, installed by the test setup into a cache), offline, in a worktree that
// `spawn --client copilot` wired: what the model receives when agent-guard denies.
// Its run costs ~6 s of CPU on the 2-core machine: it runs with `npm run test:clients` (CI runs both).
const copilot = realClient('copilot', 'Copilot CLI');

describe.skipIf(!copilot.binary)('with the real Copilot CLI (a trusted folder, a local model provider)', () => {
  it("denies an out-of-scope create and shell write (the model reads why), lets an in-scope create through, and judges Claude Code's hooks it also runs", async () => {
    const api = await fakeOpenAi([
      { tool: 'bash', args: { command: 'echo hi > README.md', description: 'write' } },
      { tool: 'create', args: { path: join(copilot.wt, 'src/orders/copilot.ts'), file_text: 'x' } },
      { tool: 'create', args: { path: join(copilot.wt, 'web/copilot.ts'), file_text: 'ok' } },
      { tool: 'bash', args: { command: 'git push --no-verify', description: 'push' } },
    ]);
    try {
      const result = await copilot.session.run(copilot.binary!, ['-p', 'Do the task.', '--allow-all-tools', '--no-auto-update'], {
        COPILOT_PROVIDER_BASE_URL: api.url,
        COPILOT_PROVIDER_TYPE: 'openai',
        COPILOT_PROVIDER_API_KEY: 'not-a-key',
        COPILOT_MODEL: 'test-model',
        COPILOT_OFFLINE: 'true',
      });
      expect(result.code, result.stderr).toBe(0);
      const results = api.requests.slice(1).map((r) => JSON.stringify((r.messages as unknown[]).at(-1)));
      expect(results[0]).toContain('Denied by preToolUse hook: agent-guard: this command would write README.md');
      expect(results[1]).toContain('agent-guard: src/orders/copilot.ts is outside the scope of agent');
      expect(existsSync(join(copilot.wt, 'src/orders/copilot.ts'))).toBe(false);
      expect(readFileSync(join(copilot.wt, 'web/copilot.ts'), 'utf8')).toBe('ok');
      expect(results[3]).toContain('`git push --no-verify` skips the pre-push hook');
    } finally {
      await api.close();
    }
  });
});
