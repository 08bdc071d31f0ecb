import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGuard } from '../../src/guard/run.js';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { cleanEnv } from '../helpers/env.js';

// Claude Code sub-agents in one checkout: a tool call made inside a sub-agent carries agent_id and
// agent_type, and is judged as the declared agent that type maps to.
let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({ agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] }, tests: { scope: ['test/**'], claudeAgent: 'test-writer' } } }, { spawn: ['web'] });
});
afterEach(() => repo.remove());

async function write(cwd: string, file: string, who: { agent_id?: string; agent_type?: string } = {}, env: Record<string, string> = {}) {
  const payload = { session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: join(cwd, file), content: 'x' }, ...who };
  const result = await runGuard(JSON.stringify(payload), cleanEnv(env));
  return result.stdout ? (JSON.parse(result.stdout).hookSpecificOutput.permissionDecisionReason as string) : null;
}
const sub = (type: string) => ({ agent_id: 'a1b2', agent_type: type });

describe('sub-agent identity', () => {
  it("judges a sub-agent's call in the main checkout as the agent its type maps to (claudeAgent or the name); the main thread stays the human", async () => {
    expect(await write(repo.path, 'src/orders/x.ts', sub('test-writer'))).toContain('src/orders/x.ts is outside the scope of agent "tests"');
    expect(await write(repo.path, 'test/x.test.ts', sub('test-writer'))).toBeNull();
    expect(await write(repo.path, 'web/page.ts', sub('orders'))).toContain('outside the scope of agent "orders"');
    expect(await write(repo.path, 'src/orders/x.ts')).toBeNull(); // no agent_id: the main thread, a human here
    expect(await write(repo.path, 'src/orders/x.ts', { agent_type: 'orders' })).toBeNull(); // --agent sessions carry agent_type only
    expect(await write(repo.path, 'src/orders/x.ts', sub('explorer'))).toBeNull(); // an undeclared type: as the checkout
    const bash = await runGuard(JSON.stringify({ cwd: repo.path, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'echo x > src/orders/y.ts' }, ...sub('test-writer') }), cleanEnv());
    expect(JSON.parse(bash.stdout).hookSpecificOutput.permissionDecisionReason).toContain('this command would write src/orders/y.ts');
  });

  it('never widens a worktree agent: its sub-agents must pass its own scope too', async () => {
    const wt = repo.agentPath('web');
    expect(await write(wt, 'src/orders/x.ts', sub('orders'))).toContain('outside the scope of agent "web"');
    expect(await write(wt, 'web/x.ts', sub('orders'))).toContain('outside the scope of agent "orders"');
  });

  it('denies an undeclared sub-agent type where the config is strict', async () => {
    repo.config({ base: 'main', agentTypes: 'strict', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } } });
    repo.commitAll('strict');
    expect(await write(repo.path, 'src/orders/x.ts', sub('explorer'))).toContain('the sub-agent type "explorer" is no agent declared in the config');
    expect(await write(repo.path, 'src/orders/x.ts', sub('orders'))).toBeNull();
  });
});
