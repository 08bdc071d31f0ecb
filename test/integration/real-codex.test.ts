import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../helpers/cli.js';
import { describe, expect, it } from 'vitest';
import { realClient } from '../helpers/client-session.js';
import { fakeOpenAi, type OpenAiStep } from '../helpers/fake-openai.js';

// The real Codex CLI (pinned, installed by the test setup into a cache), offline, in a worktree that
// `spawn --client codex` wired: what the model receives when agent-guard denies.
const codex = realClient('codex', 'Codex CLI', { inNpmTest: true });

describe.skipIf(!codex.binary)('with the real Codex CLI (hooks in the main checkout, trusted as its /hooks review would)', () => {
  it('denies an out-of-scope shell write and --no-verify (the model reads why), lets an in-scope write through, and reports a write it could not read beforehand', async () => {
    const steps: OpenAiStep[] = [
      { tool: 'exec_command', args: { cmd: 'echo hi > README.md' } },
      { tool: 'exec_command', args: { cmd: 'echo ok > web/codex.ts' } },
      { tool: 'exec_command', args: { cmd: 'git commit --no-verify -m x' } },
      { tool: 'exec_command', args: { cmd: 'd=src; echo x > "$d/orders/gen.ts"' } },
      ...Array.from({ length: 3 }, () => ({ tool: 'exec_command', args: { cmd: 'echo "--- FAIL: TestCart"; exit 1' } })),
    ];
    const api = await fakeOpenAi(steps);
    try {
      const config = join(codex.home, '.codex', 'config.toml');
      // the model provider first: spawn appended its trust tables after it
      writeFileSync(config, `model = "gpt-5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "${api.url}"\nenv_key = "MOCK_KEY"\nwire_api = "responses"\n\n${readFileSync(config, 'utf8')}`);
      const result = await codex.session.run(codex.binary!, ['exec', '--skip-git-repo-check', '-s', 'danger-full-access', 'Do the task.'], { MOCK_KEY: 'not-a-key' });
      expect(result.code, result.stderr).toBe(0);
      const outputs = api.requests.slice(1).map((r) => JSON.stringify((r.input as unknown[]).at(-1)));
      expect(outputs[0]).toContain('Command blocked by PreToolUse hook: agent-guard: this command would write README.md');
      expect(readFileSync(join(codex.session.repo.path, 'README.md'), 'utf8')).toBe('# shop\n');
      expect(readFileSync(join(codex.wt, 'web/codex.ts'), 'utf8')).toBe('ok\n');
      expect(outputs[2]).toContain('`git commit --no-verify` / `-n` skips the pre-commit hook');
      expect(outputs[3]).toContain('src/orders/gen.ts (out of scope)');
      // its session's tokens, from the rollout its calls named (cumulative counts: the last stands)
      const web = JSON.parse(run(codex.session.repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web');
      expect(web.tokens).toEqual({ input: 10 * api.requests.length, output: 5 * api.requests.length, cacheRead: 0, cacheWrite: 0 });
      // its Stop hook (trusted with the hash Codex computes) marked the turn's end in the worktree
      expect(web.state.state).toBe('idle');
      // the same failing test three times in its rollout: going in circles
      expect(web.flags).toContain('CIRCLING');
      const doctor = run(codex.session.repo.path, ['doctor'], { ...codex.session.env, PATH: `${dirname(codex.binary!)}:${process.env.PATH}` });
      expect(doctor.stdout).toContain('ok    codex: agent "web"\'s worktree runs agent-guard before every tool call (trusted)');
      expect(doctor.stdout).toMatch(/ok {4}codex codex-cli 0\.169\.0 has the hooks agent-guard needs/);
    } finally {
      await api.close();
    }
  });
});
