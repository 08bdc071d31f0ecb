import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { realClient } from '../helpers/client-session.js';
import { fakeOpenAi } from '../helpers/fake-openai.js';

// The real Qwen Code (pinned, installed by the test setup into a cache), offline, in a worktree that
// `spawn --client qwen` wired: what the model receives when agent-guard denies.
// Its run costs ~7 s of CPU on the 2-core machine (without its relaunch into a second node): it runs with `npm run test:clients` (CI runs both).
const qwen = realClient('qwen', 'Qwen Code');

describe.skipIf(!qwen.binary)('with the real Qwen Code (an OpenAI-compatible provider, headless)', () => {
  it('denies an out-of-scope write_file and shell write (the model reads why) and lets an in-scope write through', async () => {
    const api = await fakeOpenAi([
      { tool: 'write_file', args: { file_path: join(qwen.wt, 'src/orders/qwen.ts'), content: 'x' } },
      { tool: 'write_file', args: { file_path: join(qwen.wt, 'web/qwen.ts'), content: 'ok' } },
      { tool: 'run_shell_command', args: { command: 'echo x > README.md' } },
      ...Array.from({ length: 3 }, () => ({ tool: 'run_shell_command', args: { command: 'echo "--- FAIL: TestCart"; exit 1' } })),
    ]);
    try {
      const result = await qwen.session.run(qwen.binary!, ['--yolo', '--auth-type', 'openai', 'Do the task.'], { OPENAI_BASE_URL: api.url, OPENAI_API_KEY: 'not-a-key', OPENAI_MODEL: 'test-model', QWEN_CODE_SUPPRESS_YOLO_WARNING: '1', QWEN_CODE_NO_RELAUNCH: 'true' });
      expect(result.code, result.stderr).toBe(0);
      const results = api.requests.slice(1).map((r) => JSON.stringify((r.messages as unknown[]).at(-1)));
      expect(results[0]).toContain('agent-guard: src/orders/qwen.ts is outside the scope of agent');
      expect(existsSync(join(qwen.wt, 'src/orders/qwen.ts'))).toBe(false);
      expect(readFileSync(join(qwen.wt, 'web/qwen.ts'), 'utf8')).toBe('ok');
      expect(results[2]).toContain('this command would write README.md');
      // its session's tokens, from the chat log its calls named
      const web = JSON.parse(run(qwen.session.repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web');
      expect(web.tokens).toEqual({ input: 10 * api.requests.length, output: 5 * api.requests.length, cacheRead: 0, cacheWrite: 0 });
      // the same failing test three times in its chat log: going in circles
      expect(web.flags).toContain('CIRCLING');
    } finally {
      await api.close();
    }
  });
});
