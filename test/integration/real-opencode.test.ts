import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCacheDir } from '../helpers/client-binary.js';
import { realClient } from '../helpers/client-session.js';
import { fakeOpenAi } from '../helpers/fake-openai.js';

// The real OpenCode (pinned, installed by the test setup into a cache), offline, in a worktree that
// `spawn --client opencode` wired: what the model receives when agent-guard denies.
// Its run costs ~10 s of CPU on the 2-core machine: it runs with `npm run test:clients` (CI runs both).
const opencode = realClient('opencode', 'OpenCode');
// What OpenCode does at a start that a scripted run needs none of (network look-ups, downloads, watchers)
const quiet = Object.fromEntries(['MODELS_FETCH', 'AUTOUPDATE', 'LSP_DOWNLOAD', 'DEFAULT_PLUGINS', 'CLAUDE_CODE', 'SHARE', 'PRUNE', 'EXTERNAL_SKILLS', 'FFF'].map((name) => [`OPENCODE_DISABLE_${name}`, '1']).concat([['OPENCODE_EXPERIMENTAL_DISABLE_FILEWATCHER', '1']]));

describe.skipIf(!opencode.binary)('with the real OpenCode (its plugin in the git dir, an OpenAI-compatible provider)', () => {
  it('denies an out-of-scope write and shell write (the model reads why) and lets an in-scope write through', async () => {
    const api = await fakeOpenAi([
      { tool: 'write', args: { filePath: join(opencode.wt, 'src/orders/opencode.ts'), content: 'x' } },
      { tool: 'write', args: { filePath: join(opencode.wt, 'web/opencode.ts'), content: 'ok' } },
      { tool: 'bash', args: { command: 'echo hi > README.md', description: 'write' } },
      { tool: 'bash', args: { command: 'echo "$AGENT_GUARD_AGENT $COMPOSE_PROJECT_NAME" > web/env.txt', description: 'env' } },
      ...Array.from({ length: 3 }, () => ({ tool: 'bash', args: { command: 'echo "--- FAIL: TestCart"; exit 1', description: 'test' } })),
    ], { cachedTokens: 4 });
    try {
      const config = join(opencode.home, 'opencode-provider.json');
      writeFileSync(config, JSON.stringify({ model: 'mock/test-model', provider: { mock: { npm: '@ai-sdk/openai-compatible', name: 'Mock', options: { baseURL: api.url, apiKey: 'not-a-key' }, models: { 'test-model': { name: 'Test' } } } } }));
      // OpenCode's own caches (what it installs at its first start) are kept between runs
      const state = testCacheDir('opencode-state');
      const result = await opencode.session.run(opencode.binary!, ['run', 'Do the task.'], { OPENCODE_CONFIG: config, npm_config_cache: join(state, 'npm'), XDG_CONFIG_HOME: join(state, 'config'), XDG_CACHE_HOME: join(state, 'cache'), ...quiet });
      expect(result.code, result.stderr).toBe(0);
      const results = api.requests.slice(1).map((r) => JSON.stringify((r.messages as unknown[]).at(-1)));
      expect(String(results[0]), result.stdout).toContain('agent-guard: src/orders/opencode.ts is outside the scope of agent');
      expect(existsSync(join(opencode.wt, 'src/orders/opencode.ts'))).toBe(false);
      expect(readFileSync(join(opencode.wt, 'web/opencode.ts'), 'utf8')).toBe('ok');
      expect(results[2]).toContain('this command would write README.md');
      // its shells get the agent's environment (the plugin's shell.env)
      expect(readFileSync(join(opencode.wt, 'web/env.txt'), 'utf8')).toMatch(/^web \S+\n$/);
      // its session went idle at the end of the run: the plugin said so
      const { run } = await import('../helpers/cli.js');
      const web = JSON.parse(run(opencode.session.repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web');
      expect(web.flags).toContain('IDLE');
      // each model step's tokens, as the plugin saw them finish (OpenCode's input leaves the cached part out)
      const steps = api.requests.length;
      expect(web.tokens).toEqual({ input: 6 * steps, output: 5 * steps, cacheRead: 4 * steps, cacheWrite: 0 });
      // the same failing test three times, as the plugin saw the shell commands end: going in circles
      expect(web.flags).toContain('CIRCLING');
      expect(web.corrections).toBe(0);
    } finally {
      await api.close();
    }
  }, 120_000); // a first start with an empty state folder installs OpenCode's own packages: 12-30 s more
});
