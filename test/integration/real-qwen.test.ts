import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientBinary } from '../helpers/client-binary.js';
import { clientSession, type ClientSession } from '../helpers/client-session.js';
import { fakeOpenAi } from '../helpers/fake-openai.js';

// The real Qwen Code (pinned, installed by the test setup into a cache), offline, in a worktree that
// `spawn --client qwen` wired: what the model receives when agent-guard denies.
// Its start costs ~9 s of CPU on the 2-core machine: it runs with `npm run test:clients` (CI runs both).
const enabled = process.env.AGENT_GUARD_CLIENT_TESTS === '1';
const qwen = enabled ? clientBinary('qwen') : { path: null, why: 'it runs with npm run test:clients' };
let session: ClientSession;
let wt: string;
beforeAll(() => {
  if (!qwen.path) return;
  session = clientSession('qwen');
  ({ wt } = session);
}, 60_000);
afterAll(() => session?.remove());

describe.skipIf(!qwen.path)('with the real Qwen Code (an OpenAI-compatible provider, headless)', () => {
  it('denies an out-of-scope write_file and shell write (the model reads why) and lets an in-scope write through', async () => {
    const api = await fakeOpenAi([
      { tool: 'write_file', args: { file_path: join(wt, 'src/orders/qwen.ts'), content: 'x' } },
      { tool: 'write_file', args: { file_path: join(wt, 'web/qwen.ts'), content: 'ok' } },
      { tool: 'run_shell_command', args: { command: 'echo x > README.md' } },
    ]);
    try {
      const result = await session.run(qwen.path!, ['--yolo', '--auth-type', 'openai', 'Do the task.'], { OPENAI_BASE_URL: api.url, OPENAI_API_KEY: 'not-a-key', OPENAI_MODEL: 'test-model', QWEN_CODE_SUPPRESS_YOLO_WARNING: '1' });
      expect(result.code, result.stderr).toBe(0);
      const results = api.requests.slice(1).map((r) => JSON.stringify((r.messages as unknown[]).at(-1)));
      expect(results[0]).toContain('agent-guard: src/orders/qwen.ts is outside the scope of agent');
      expect(existsSync(join(wt, 'src/orders/qwen.ts'))).toBe(false);
      expect(readFileSync(join(wt, 'web/qwen.ts'), 'utf8')).toBe('ok');
      expect(results[2]).toContain('this command would write README.md');
    } finally {
      await api.close();
    }
  });
});

if (!qwen.path) console.log(enabled ? `skipped: the real Qwen Code is not installed (${qwen.why})` : 'skipped: the real Qwen Code test runs with npm run test:clients');
