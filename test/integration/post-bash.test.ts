import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGuard } from '../../src/guard/run.js';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { cleanEnv } from '../helpers/env.js';
import { tryGit } from '../helpers/hooks.js';
import { runToEnd } from '../helpers/spawner.js';

let repo: AgentRepo;
let wt: string;
beforeEach(() => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
  wt = repo.agentPath('orders');
});
afterEach(() => repo.remove());

const post = (command = 'make stuff', extra: Record<string, unknown> = {}) =>
  runGuard(JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command }, tool_response: {}, ...extra }), {}, 'post');
const events = () => readFileSync(join(tryGit(wt, ['rev-parse', '--absolute-git-dir']).stdout.trim(), 'agent-guard', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('PostToolUse after a Bash command: the worktree shows what the command wrote', () => {
  it('reports new out-of-scope and protected changes once, with the command that undoes them, and logs them', async () => {
    expect((await post()).stdout).toBe(''); // nothing changed yet
    writeFileSync(join(wt, 'src/orders/fine.ts'), 'in scope\n');
    expect((await post()).stdout).toBe('');

    writeFileSync(join(wt, 'web/page.ts'), 'changed by a script\n');
    writeFileSync(join(wt, 'web/new file.ts'), 'created by a script\n');
    writeFileSync(join(wt, 'agent-guard.config.json'), '{}\n');
    const result = await post('./codegen.sh');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.decision).toBe('block');
    expect(output.reason).toContain('web/page.ts (out of scope)');
    expect(output.reason).toContain('agent-guard.config.json (protected)');
    expect(output.reason).toContain("git clean -f -q -- 'web/new file.ts'");
    expect(events().at(-1)).toMatchObject({ source: 'guard', command: './codegen.sh' });

    expect((await post()).stdout).toBe(''); // already told: not again
    writeFileSync(join(wt, 'README.md'), 'also changed\n');
    expect(JSON.parse((await post()).stdout).reason).toContain('README.md');

    const undo = /Undo it now: (.*) — the commit hooks/.exec(JSON.parse((await (async () => {
      writeFileSync(join(wt, 'web/more.ts'), 'x\n');
      writeFileSync(join(wt, 'web/staged.ts'), 'x\n');
      tryGit(wt, ['add', '--', 'web/staged.ts']);
      return post();
    })()).stdout).reason)?.[1];
    expect(undo).toBeDefined();
    // the agent runs it through Bash: the PreToolUse guard lets it through (it writes only HEAD's versions)
    const pre = await runGuard(JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: undo } }), {});
    expect(pre.stdout).not.toContain('"deny"');
    execSync(undo!, { cwd: wt, env: cleanEnv() });
    // this report's strays (the earlier ones were reported before) are gone, the staged one too
    expect(undo).toBe('git reset -q -- web/staged.ts && git clean -f -q -- web/staged.ts web/more.ts');
    expect(tryGit(wt, ['status', '--porcelain', '--', 'web/more.ts', 'web/staged.ts']).stdout).toBe('');
    expect(existsSync(join(wt, 'web/staged.ts'))).toBe(false);
    expect(tryGit(wt, ['status', '--porcelain', '--', 'src']).stdout).toBe('?? src/orders/fine.ts\n');
  });

  it('is a report, not a gate: unreadable input and other tools pass with at most one line', async () => {
    const bad = await runGuard('not json', {}, 'post');
    expect(bad).toMatchObject({ exitCode: 0, stdout: '' });
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const noInput = await runGuard(JSON.stringify({ hook_event_name: 'PostToolUse', tool_name: 'Bash', cwd: wt }), {}, 'post');
    expect(noInput).toMatchObject({ exitCode: 0, stdout: '' });
    expect(noInput.stderr).toContain('no tool_input');
    writeFileSync(join(wt, 'web/page.ts'), 'x\n');
    expect((await post('x', { tool_name: 'Read' })).stdout).toBe('');
  });

  it('is registered by spawn for PostToolUse on Bash and runs through the settings command', () => {
    const settings = JSON.parse(readFileSync(join(wt, '.claude/settings.local.json'), 'utf8'));
    const group = settings.hooks.PostToolUse[0];
    expect(group.matcher).toBe('Bash');
    writeFileSync(join(wt, 'web/page.ts'), 'stray\n');
    const input = JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'sed -i s/a/b/ web/page.ts' } });
    const result = runToEnd('sh', ['-c', group.hooks[0].command], { cwd: wt, input });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).reason).toContain('web/page.ts (out of scope)');
  });
});

describe("the registered PostToolUse command (Claude Code runs it with sh -c)", () => {
  const registered = () => JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8')).hooks.PostToolUse[0].hooks[0].command as string;
  const runRegistered = (cwd: string) =>
    runToEnd('sh', ['-c', registered()], {
      cwd,
      env: { AGENT_GUARD_TRACE: '1' },
      input: JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: './gen.sh' }, tool_response: {} }),
    });

  it("reads the git status it ran beside node in the worktree, and runs its own where the hook's folder is another", () => {
    writeFileSync(join(wt, 'web/page.ts'), 'changed by a script\n');
    const beside = runRegistered(wt);
    expect(beside.status).toBe(0);
    expect(JSON.parse(beside.stdout).reason).toContain('web/page.ts (out of scope)');
    expect(beside.stderr).not.toContain('git status'); // agent-guard's own git calls are traced
    writeFileSync(join(wt, 'web/other.ts'), 'another\n');
    const elsewhere = runRegistered(repo.path);
    expect(JSON.parse(elsewhere.stdout).reason).toContain('web/other.ts (out of scope)');
    expect(elsewhere.stderr).toContain('git status');
    writeFileSync(join(wt, 'web/third.ts'), 'one more\n');
    const outsideAnyRepo = runRegistered(tmpdir()); // git status fails there: node runs its own, quietly
    expect(JSON.parse(outsideAnyRepo.stdout).reason).toContain('web/third.ts (out of scope)');
    expect(outsideAnyRepo.stderr).not.toContain('fatal');
  });
});
