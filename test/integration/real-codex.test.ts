import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientBinary } from '../helpers/client-binary.js';
import { clientSession, type ClientSession } from '../helpers/client-session.js';
import { fakeOpenAi, type OpenAiStep } from '../helpers/fake-openai.js';

// The real Codex CLI (pinned, installed by the test setup into a cache), offline, in a worktree that
// `spawn --client codex` wired: what the model receives when agent-guard denies.
const codex = clientBinary('codex');
let session: ClientSession;
let wt: string;
let home: string;
beforeAll(() => {
  if (!codex.path) return;
  session = clientSession('codex');
  ({ wt, home } = session);
}, 60_000);
afterAll(() => session?.remove());

describe.skipIf(!codex.path)('with the real Codex CLI (hooks in the main checkout, trusted as its /hooks review would)', () => {
  it('denies an out-of-scope shell write and --no-verify (the model reads why), lets an in-scope write through, and reports a write it could not read beforehand', async () => {
    const steps: OpenAiStep[] = [
      { tool: 'exec_command', args: { cmd: 'echo hi > README.md' } },
      { tool: 'exec_command', args: { cmd: 'echo ok > web/codex.ts' } },
      { tool: 'exec_command', args: { cmd: 'git commit --no-verify -m x' } },
      { tool: 'exec_command', args: { cmd: 'd=src; echo x > "$d/orders/gen.ts"' } },
    ];
    const api = await fakeOpenAi(steps);
    try {
      const config = join(home, '.codex', 'config.toml');
      // the model provider first: spawn appended its trust tables after it
      writeFileSync(config, `model = "gpt-5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "${api.url}"\nenv_key = "MOCK_KEY"\nwire_api = "responses"\n\n${readFileSync(config, 'utf8')}`);
      const result = await session.run(codex.path!, ['exec', '--skip-git-repo-check', '-s', 'danger-full-access', 'Do the task.'], { MOCK_KEY: 'not-a-key' });
      expect(result.code, result.stderr).toBe(0);
      const outputs = api.requests.slice(1).map((r) => JSON.stringify((r.input as unknown[]).at(-1)));
      expect(outputs[0]).toContain('Command blocked by PreToolUse hook: agent-guard: this command would write README.md');
      expect(readFileSync(join(session.repo.path, 'README.md'), 'utf8')).toBe('# shop\n');
      expect(readFileSync(join(wt, 'web/codex.ts'), 'utf8')).toBe('ok\n');
      expect(outputs[2]).toContain('`git commit --no-verify` / `-n` skips the pre-commit hook');
      expect(outputs[3]).toContain('src/orders/gen.ts (out of scope)');
      const doctor = run(session.repo.path, ['doctor'], { ...session.env, PATH: `${dirname(codex.path!)}:${process.env.PATH}` });
      expect(doctor.stdout).toContain('ok    codex: agent "web"\'s worktree runs agent-guard before every tool call (trusted)');
      expect(doctor.stdout).toMatch(/ok {4}codex codex-cli 0\.169\.0 has the hooks agent-guard needs/);
    } finally {
      await api.close();
    }
  });
});

if (!codex.path) console.log(`skipped: the real Codex CLI is not installed (${codex.why})`);
