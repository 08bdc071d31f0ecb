import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realClient } from '../helpers/client-session.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
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
      ...Array.from({ length: 3 }, () => ({ tool: 'bash', args: { command: 'echo "--- FAIL: TestCart"; exit 1', description: 'test' } })),
    ], { cachedTokens: 4 });
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
      // its session's tokens: the guard noted the session from the calls' sessionId; each model call's usage record counts once
      const gitDir = tryGit(copilot.wt, ['rev-parse', '--absolute-git-dir']).stdout.trim();
      expect(readFileSync(join(gitDir, 'agent-guard/sessions.jsonl'), 'utf8')).toMatch(/"transcript_path":"[^"]+\/\.copilot\/session-state\/[0-9a-f-]+\/events\.jsonl","client":"copilot"/);
      const web = JSON.parse(run(copilot.session.repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web');
      const calls = api.requests.length;
      expect(web.tokens).toEqual({ input: 6 * calls, output: 5 * calls, cacheRead: 4 * calls, cacheWrite: 0 });
      // its agentStop hook marked the turn's end
      expect(web.state.state).toBe('idle');
      // the same failing test three times in its events: going in circles
      expect(web.flags).toContain('CIRCLING');
    } finally {
      await api.close();
    }
  });
});
