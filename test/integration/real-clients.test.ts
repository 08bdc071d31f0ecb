import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { clientBinary, testCacheDir } from '../helpers/client-binary.js';
import { cleanEnv } from '../helpers/env.js';
import { fakeOpenAi, type OpenAiStep } from '../helpers/fake-openai.js';

// The real agent clients (pinned, installed by the test setup into a cache), offline, in a worktree
// `spawn --client` wired: what the model receives when agent-guard denies. Each client's own home
// (trust, sessions) is a scratch folder, and spawn records its trust there.
const codex = clientBinary('codex');
const gemini = clientBinary('gemini');
const copilot = clientBinary('copilot');
const opencode = clientBinary('opencode');
let repo: AgentRepo;
let wt: string;
let home: string;
let env: Record<string, string>;
beforeAll(() => {
  repo = makeAgentRepo();
  wt = repo.agentPath('web');
  home = mkdtempSync(join(tmpdir(), 'ag-clients-home-'));
  env = { HOME: home, CODEX_HOME: join(home, '.codex'), GEMINI_CLI_HOME: home, COPILOT_HOME: join(home, '.copilot') };
  const spawned = run(repo.path, ['spawn', 'web', ...['codex', 'gemini', 'copilot', 'opencode'].flatMap((c) => ['--client', c])], env);
  if (spawned.code !== 0) throw new Error(spawned.stdout + spawned.stderr);
});
afterAll(() => repo.remove());

function runClient(binary: string, args: string[], extraEnv: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  // PWD too: OpenCode takes its project folder from it, and the test runner's is this repository
  const child = spawn(binary, args, { cwd: wt, env: cleanEnv({ ...env, PWD: wt, ...extraEnv }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

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
      const result = await runClient(codex.path!, ['exec', '--skip-git-repo-check', '-s', 'danger-full-access', 'Do the task.'], { MOCK_KEY: 'not-a-key' });
      expect(result.code, result.stderr).toBe(0);
      const outputs = api.requests.slice(1).map((r) => JSON.stringify((r.input as unknown[]).at(-1)));
      expect(outputs[0]).toContain('Command blocked by PreToolUse hook: agent-guard: this command would write README.md');
      expect(readFileSync(join(repo.path, 'README.md'), 'utf8')).toBe('# shop\n');
      expect(readFileSync(join(wt, 'web/codex.ts'), 'utf8')).toBe('ok\n');
      expect(outputs[2]).toContain('`git commit --no-verify` / `-n` skips the pre-commit hook');
      expect(outputs[3]).toContain('src/orders/gen.ts (out of scope)');
    } finally {
      await api.close();
    }
  });
});

describe.skipIf(!gemini.path)('with the real Gemini CLI (a trusted worktree, scripted model turns)', () => {
  it('denies an out-of-scope write_file and shell write (the model reads why) and lets an in-scope write through', async () => {
    const turn = (part: unknown) => JSON.stringify({ method: 'generateContentStream', response: [{ candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } }] });
    const script = join(home, 'gemini-turns.jsonl');
    writeFileSync(script, [
      turn({ functionCall: { name: 'write_file', args: { file_path: join(wt, 'src/orders/evil.ts'), content: 'x' } } }),
      turn({ functionCall: { name: 'write_file', args: { file_path: join(wt, 'web/gemini.ts'), content: 'ok' } } }),
      turn({ functionCall: { name: 'run_shell_command', args: { command: 'echo x > README.md' } } }),
      turn({ text: 'Done.' }),
    ].join('\n') + '\n');
    const result = await runClient(gemini.path!, ['-m', 'gemini-2.5-flash', '-p', 'Do the task.', '--fake-responses', script, '--approval-mode=yolo', '--output-format', 'stream-json'], { GEMINI_API_KEY: 'not-a-key' });
    expect(result.code, result.stderr).toBe(0);
    const results = result.stdout.split('\n').filter((l) => l.includes('"tool_result"')).map((l) => JSON.parse(l) as { status: string; output?: string });
    expect(results.map((r) => r.status)).toEqual(['error', 'success', 'error']);
    expect(results[0]!.output).toContain('agent-guard: src/orders/evil.ts is outside the scope of agent "web"');
    expect(existsSync(join(wt, 'src/orders/evil.ts'))).toBe(false);
    expect(readFileSync(join(wt, 'web/gemini.ts'), 'utf8')).toBe('ok');
    expect(results[2]!.output).toContain('this command would write README.md');
  });
});

describe.skipIf(!copilot.path)('with the real Copilot CLI (a trusted folder, a local model provider)', () => {
  it("denies an out-of-scope create and shell write (the model reads why), lets an in-scope create through, and judges Claude Code's hooks it also runs", async () => {
    const api = await fakeOpenAi([
      { tool: 'bash', args: { command: 'echo hi > README.md', description: 'write' } },
      { tool: 'create', args: { path: join(wt, 'src/orders/copilot.ts'), file_text: 'x' } },
      { tool: 'create', args: { path: join(wt, 'web/copilot.ts'), file_text: 'ok' } },
      { tool: 'bash', args: { command: 'git push --no-verify', description: 'push' } },
    ]);
    try {
      const result = await runClient(copilot.path!, ['-p', 'Do the task.', '--allow-all-tools', '--no-auto-update'], {
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
      expect(existsSync(join(wt, 'src/orders/copilot.ts'))).toBe(false);
      expect(readFileSync(join(wt, 'web/copilot.ts'), 'utf8')).toBe('ok');
      expect(results[3]).toContain('`git push --no-verify` skips the pre-push hook');
    } finally {
      await api.close();
    }
  });
});

describe.skipIf(!opencode.path)('with the real OpenCode (its plugin in the git dir, an OpenAI-compatible provider)', () => {
  it('denies an out-of-scope write and shell write (the model reads why) and lets an in-scope write through', async () => {
    const api = await fakeOpenAi([
      { tool: 'write', args: { filePath: join(wt, 'src/orders/opencode.ts'), content: 'x' } },
      { tool: 'write', args: { filePath: join(wt, 'web/opencode.ts'), content: 'ok' } },
      { tool: 'bash', args: { command: 'echo hi > README.md', description: 'write' } },
    ]);
    try {
      const config = join(home, 'opencode-provider.json');
      writeFileSync(config, JSON.stringify({ model: 'mock/test-model', provider: { mock: { npm: '@ai-sdk/openai-compatible', name: 'Mock', options: { baseURL: api.url, apiKey: 'not-a-key' }, models: { 'test-model': { name: 'Test' } } } } }));
      // OpenCode's own caches (what it installs at its first start) are kept between runs
      const state = testCacheDir('opencode-state');
      const result = await runClient(opencode.path!, ['run', 'Do the task.'], { OPENCODE_CONFIG: config, npm_config_cache: join(state, 'npm'), XDG_CONFIG_HOME: join(state, 'config'), XDG_CACHE_HOME: join(state, 'cache') });
      expect(result.code, result.stderr).toBe(0);
      const results = api.requests.slice(1).map((r) => JSON.stringify((r.messages as unknown[]).at(-1)));
      expect(String(results[0]), result.stdout).toContain('agent-guard: src/orders/opencode.ts is outside the scope of agent');
      expect(existsSync(join(wt, 'src/orders/opencode.ts'))).toBe(false);
      expect(readFileSync(join(wt, 'web/opencode.ts'), 'utf8')).toBe('ok');
      expect(results[2]).toContain('this command would write README.md');
    } finally {
      await api.close();
    }
  });
});

for (const [name, client] of Object.entries({ codex, gemini, copilot, opencode })) if (!client.path) console.log(`skipped: the real ${name} CLI is not installed (${client.why})`);
