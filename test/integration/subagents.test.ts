import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGuard } from '../../src/guard/run.js';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { cleanEnv } from '../helpers/env.js';
import { run } from '../helpers/cli.js';

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

  it("status counts a sub-agent's refusals in the main checkout for the agent its type maps to, with its flags", async () => {
    for (let i = 0; i < 3; i++) expect(await write(repo.path, 'src/orders/x.ts', sub('test-writer'))).toContain('outside the scope of agent "tests"');
    await write(repo.path, 'web/page.ts', sub('explorer')); // an undeclared type: allowed, nothing logged
    const json = JSON.parse(run(repo.path, ['status', '--json']).stdout);
    const tests = json.agents.find((a: { name: string }) => a.name === 'tests');
    expect(tests.refusals).toMatchObject({ total: 3, recent: 3, last: { source: 'guard', paths: ['src/orders/x.ts'] } });
    expect(tests.flags).toContain('CIRCLING');
    expect(json.agents.find((a: { name: string }) => a.name === 'orders').refusals.total).toBe(0);
  });

  it('spawn --claude-subagent makes agent NAME a sub-agent of the main checkout: its definition and the guard here, no worktree', async () => {
    const result = run(repo.path, ['spawn', 'docs', '--scope', 'docs/**', '--task', 'Write the user guide', '--claude-subagent']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^create +\.claude\/agents\/docs\.md$/m);
    expect(result.stdout).toContain('Sub-agent "docs" works in this checkout (no worktree or branch was made)');
    const definition = readFileSync(join(repo.path, '.claude/agents/docs.md'), 'utf8');
    expect(definition).toMatch(/^---\nname: docs\ndescription: "Write the user guide\. Only changes docs\/\*\*; use it for work there\."\ntools: /);
    expect(definition).toContain('- `docs/**`');
    expect(readFileSync(join(repo.path, '.claude/settings.local.json'), 'utf8')).toContain('guard-entry.js');
    expect(existsSync(repo.agentPath('docs'))).toBe(false);
    expect(run(repo.path, ['status', '--json']).stdout).toContain('"name":"docs"');
    expect(result.stdout).toContain('Commit agent-guard.config.json and .claude/agents/docs.md on main.');
    expect(await write(repo.path, 'web/page.ts', sub('docs'))).toBeNull(); // the trusted config is base's: docs is no agent there yet
    repo.commitAll('docs agent');
    expect(await write(repo.path, 'web/page.ts', sub('docs'))).toContain('outside the scope of agent "docs"');
    // the user's text outside the markers stays; an edit inside them is regenerated, and said so
    writeFileSync(join(repo.path, '.claude/agents/docs.md'), definition.replace('- `docs/**`', '- `**`') + '\nAlso: keep it short.\n');
    const again = run(repo.path, ['spawn', 'docs', '--claude-subagent']);
    expect(again.stdout).toContain("note: .claude/agents/docs.md: agent-guard's block between its markers was regenerated");
    const regenerated = readFileSync(join(repo.path, '.claude/agents/docs.md'), 'utf8');
    expect(regenerated).toContain('- `docs/**`');
    expect(regenerated).not.toContain('- `**`');
    expect(regenerated).toContain('Also: keep it short.');
    expect(run(repo.path, ['init', '--claude-subagents']).stdout).not.toContain('regenerated');
    expect(run(repo.path, ['spawn', 'docs', '--claude-subagent', '--path', '/tmp/x']).code).toBe(2);
  });
});
