import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentRepoAt, makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { copyOfFixture } from '../helpers/fixture.js';
import { run } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { tryGit } from '../helpers/hooks.js';
import { runToEnd } from '../helpers/spawner.js';
import { runGuard } from '../../src/guard/run.js';

let repo: AgentRepo;
let wt: string;
let command: string;
beforeEach(() => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
  wt = repo.agentPath('orders');
  command = JSON.parse(readFileSync(join(wt, '.claude/settings.local.json'), 'utf8')).hooks.PreToolUse[0].hooks[0].command;
});
afterEach(() => repo.remove());

const payload = (input: unknown, cwd: string) =>
  typeof input === 'string' ? input : JSON.stringify({ session_id: 's1', transcript_path: '/tmp/t', cwd, permission_mode: 'bypassPermissions', hook_event_name: 'PreToolUse', tool_use_id: 'toolu_1', ...(input as object) });

/** Runs the guard exactly as Claude Code would: the settings' command through a shell, the hook JSON on stdin. */
function guard(input: unknown, cwd = wt) {
  const result = runToEnd('sh', ['-c', command], { cwd, input: payload(input, cwd) });
  const decision = result.stdout ? JSON.parse(result.stdout).hookSpecificOutput : null;
  return { code: result.status, decision, stderr: result.stderr };
}

/**
 * The same call in this process, through the function the hook's entry runs (runGuard): for the
 * further inputs of a case whose first input went through the real command (a node start each).
 */
async function decide(input: unknown, cwd = wt) {
  const result = await runGuard(payload(input, cwd), cleanEnv());
  const decision = result.stdout ? JSON.parse(result.stdout).hookSpecificOutput : null;
  return { code: result.exitCode, decision, stderr: result.stderr };
}
type Outcome = ReturnType<typeof guard>;
const denied = (r: Outcome) => r.code === 0 && r.decision?.permissionDecision === 'deny';
const allowed = (r: Outcome) => r.code === 0 && r.decision === null;

describe('guard (Claude Code PreToolUse)', () => {
  it('allows an edit inside the scope', async () => {
    expect(allowed(guard({ tool_name: 'Write', tool_input: { file_path: join(wt, 'src/orders/new.ts'), content: 'x' } }))).toBe(true);
    expect(allowed(await decide({ tool_name: 'Edit', tool_input: { file_path: join(wt, 'src/orders/a.ts'), old_string: 'a', new_string: 'b', replace_all: false } }))).toBe(true);
  });

  it('denies an edit outside the scope with a reason written for the agent', () => {
    const result = guard({ tool_name: 'Edit', tool_input: { file_path: join(wt, 'web/page.ts'), old_string: 'a', new_string: 'b' } });
    expect(denied(result)).toBe(true);
    expect(result.decision).toMatchObject({ hookEventName: 'PreToolUse' });
    expect(result.decision.permissionDecisionReason).toContain('web/page.ts is outside the scope of agent "orders"; it belongs to agent "web"');
    expect(result.decision.permissionDecisionReason).toContain('Your scope: src/orders/**');
    expect(result.decision.permissionDecisionReason).toContain('leave a note for the human');
  });

  it('checks MultiEdit and NotebookEdit, and protected files', async () => {
    expect(denied(guard({ tool_name: 'MultiEdit', tool_input: { file_path: join(wt, 'README.md'), edits: [{ old_string: 'a', new_string: 'b' }] } }))).toBe(true);
    expect(denied(await decide({ tool_name: 'NotebookEdit', tool_input: { notebook_path: join(wt, 'web/n.ipynb'), new_source: 'x' } }))).toBe(true);
    expect(allowed(await decide({ tool_name: 'NotebookEdit', tool_input: { notebook_path: join(wt, 'src/orders/n.ipynb'), new_source: 'x' } }))).toBe(true);
    const config = await decide({ tool_name: 'Write', tool_input: { file_path: join(wt, 'agent-guard.config.json'), content: '{}' } });
    expect(config.decision.permissionDecisionReason).toContain('agent-guard.config.json is protected');
    expect(denied(await decide({ tool_name: 'Write', tool_input: { file_path: join(wt, '.claude/settings.local.json'), content: '{}' } }))).toBe(true);
  });

  it('resolves relative paths against cwd, normalizes .., and treats paths outside the repository as outside every scope', async () => {
    expect(allowed(guard({ tool_name: 'Write', tool_input: { file_path: 'src/orders/rel.ts', content: 'x' } }))).toBe(true);
    expect(allowed(await decide({ tool_name: 'Write', tool_input: { file_path: join(wt, 'web/../src/orders/x.ts'), content: 'x' } }))).toBe(true);
    expect(denied(await decide({ tool_name: 'Write', tool_input: { file_path: 'src/orders/../../web/x.ts', content: 'x' } }))).toBe(true);
    const outside = await decide({ tool_name: 'Write', tool_input: { file_path: '/etc/hosts', content: 'x' } });
    expect(outside.decision.permissionDecisionReason).toContain('outside this repository');
    expect(denied(await decide({ tool_name: 'Write', tool_input: { file_path: join(repo.path, 'src/orders/a.ts'), content: 'x' } }))).toBe(true); // the main worktree
    const fromSubdir = join(wt, 'src/orders');
    expect(allowed(guard({ tool_name: 'Write', tool_input: { file_path: 'b.ts', content: 'x' }, cwd: fromSubdir }, fromSubdir))).toBe(true);
  });

  it('follows a symlink in scope that points out of scope', async () => {
    symlinkSync(join(wt, 'web/page.ts'), join(wt, 'src/orders/link.ts'));
    mkdirSync(join(wt, 'src/orders/dir'));
    symlinkSync(join(wt, 'web'), join(wt, 'src/orders/dir/web-link'));
    expect(denied(guard({ tool_name: 'Edit', tool_input: { file_path: join(wt, 'src/orders/link.ts'), old_string: 'a', new_string: 'b' } }))).toBe(true);
    expect(denied(await decide({ tool_name: 'Write', tool_input: { file_path: join(wt, 'src/orders/dir/web-link/new.ts'), content: 'x' } }))).toBe(true);
  });

  it('answers once the JSON has arrived, though stdin stays open, and reads a large one whole', async () => {
    const { spawn } = await import('node:child_process');
    const answer = (json: string) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn('sh', ['-c', command], { cwd: wt, env: cleanEnv(), stdio: ['pipe', 'pipe', 'ignore'] });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
        child.on('exit', (code) => resolve({ code, stdout }));
        // Written in pieces, and stdin never closed: the guard must stop reading once the JSON parses.
        const bytes = Buffer.from(json);
        child.stdin.write(bytes.subarray(0, 10));
        setTimeout(() => child.stdin.write(bytes.subarray(10)), 50);
        setTimeout(() => child.kill(), 20_000);
      });
    const small = await answer(payload({ tool_name: 'Write', tool_input: { file_path: join(wt, 'web/x.ts'), content: 'é' } }, wt));
    expect(small.code).toBe(0);
    expect(JSON.parse(small.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    const large = await answer(payload({ tool_name: 'Write', tool_input: { file_path: join(wt, 'src/orders/big.ts'), content: 'ü'.repeat(1_500_000) } }, wt));
    expect(large.code).toBe(0);
    expect(large.stdout).toBe(''); // allowed: no decision printed
  });

  it('lets Read, Grep and other tools through', async () => {
    expect(allowed(guard({ tool_name: 'Read', tool_input: { file_path: join(wt, 'web/page.ts') } }))).toBe(true);
    expect(allowed(await decide({ tool_name: 'Grep', tool_input: { pattern: 'x' } }))).toBe(true);
    expect(allowed(await decide({ tool_name: 'Bash', tool_input: { command: 'npm test && git status', description: 'test' } }))).toBe(true);
  });

  it('denies Bash commands that would switch the guard off, and says the hooks and CI still hold', async () => {
    for (const [i, cmd] of ['git commit --no-verify -m wip', 'git commit -nm wip', 'HUSKY=0 git push', 'git config core.hooksPath /dev/null', 'echo "exit 0" > .husky/pre-commit', 'git push --no-verify'].entries()) {
      const input = { tool_name: 'Bash', tool_input: { command: cmd } };
      const result = i === 0 ? guard(input) : await decide(input);
      expect([cmd, denied(result)]).toEqual([cmd, true]);
      expect(result.decision.permissionDecisionReason).toContain('hooks and CI check every change anyway');
    }
    expect(allowed(await decide({ tool_name: 'Bash', tool_input: { command: 'git commit -m "explain why --no-verify is banned"' } }))).toBe(true);
  });

  it('blocks with exit 2 and a clear message on input it cannot read', async () => {
    for (const [i, input] of ['not json', '[1, 2', '"a string"'].entries()) {
      const result = i === 0 ? guard(input) : await decide(input);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('agent-guard guard: the hook input is not a JSON object');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const noPath = guard({ tool_name: 'Write', tool_input: { content: 'x' } });
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toContain('names no file');
  });

  it('leaves a human checkout alone', () => {
    expect(allowed(guard({ tool_name: 'Write', tool_input: { file_path: join(repo.path, 'web/page.ts'), content: 'x' } }, repo.path))).toBe(true);
  });

  it('gives the same answer through `agent-guard guard`', () => {
    const input = JSON.stringify({ tool_name: 'Write', cwd: wt, tool_input: { file_path: join(wt, 'web/x.ts'), content: 'x' } });
    const result = run(wt, ['guard'], {}, input);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('merges into existing Claude settings and is not committed', () => {
    writeFileSync(join(wt, '.claude/settings.local.json'), JSON.stringify({ hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'fmt' }] }] } }));
    expect(run(repo.path, ['spawn', 'orders']).code).toBe(0);
    const settings = JSON.parse(readFileSync(join(wt, '.claude/settings.local.json'), 'utf8'));
    expect(settings.hooks.PostToolUse[0].hooks[0].command).toBe('fmt');
    expect(settings.hooks.PreToolUse).toHaveLength(1);
    expect(tryGit(wt, ['status', '--porcelain']).stdout).toBe('');
  });
});

describe('turning the edit-time guard off', () => {
  it('init --no-claude-hooks sets claudeHooks: false, and spawn then writes no Claude settings', () => {
    expect(run(repo.path, ['init', '--no-claude-hooks']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8')).claudeHooks).toBe(false);
    expect(run(repo.path, ['spawn', 'web']).code).toBe(0);
    expect(existsSync(join(repo.agentPath('web'), '.claude/settings.local.json'))).toBe(false);
  });
});

describe('claude -w NAME through agent-guard (init --claude-worktrees)', () => {
  let create: string;
  let remove: string;
  beforeEach(() => {
    // `init --claude-worktrees` once per worker (it leaves the tree clean); each test gets a copy
    repo.remove();
    repo = agentRepoAt(copyOfFixture('guard: init --claude-worktrees', () => {
      const built = makeAgentRepo({}, { spawn: ['orders'] });
      expect(run(built.path, ['init', '--claude-worktrees']).code).toBe(0);
      expect(tryGit(built.path, ['status', '--porcelain']).stdout).toBe('');
      return built.path;
    }));
    const settings = JSON.parse(readFileSync(join(repo.path, '.claude/settings.local.json'), 'utf8'));
    create = settings.hooks.WorktreeCreate[0].hooks[0].command;
    remove = settings.hooks.WorktreeRemove[0].hooks[0].command;
  });
  const hook = (cmd: string, payload: unknown) =>
    runToEnd('sh', ['-c', cmd], { cwd: repo.path, env: { CLAUDE_PROJECT_DIR: repo.path }, input: JSON.stringify(payload) });

  it.each([
    ['worktree_name and base_commit', (base: string) => ({ worktree_name: 'web', base_commit: base })],
    ['name and base_ref', () => ({ name: 'web', base_ref: 'main' })],
    ['name only', () => ({ name: 'web' })],
  ])('creates agent-guard\'s worktree from a payload with %s', (_label, payload) => {
    const base = tryGit(repo.path, ['rev-parse', 'main']).stdout.trim();
    const result = hook(create, { session_id: 's', cwd: repo.path, hook_event_name: 'WorktreeCreate', ...payload(base) });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${repo.agentPath('web')}\n`);
    const path = result.stdout.trim();
    expect(tryGit(path, ['symbolic-ref', '--short', 'HEAD']).stdout.trim()).toBe('agent/web');
    expect(existsSync(join(path, '.claude/settings.local.json'))).toBe(true);
    expect(readFileSync(join(path, '.agent-guard/scope.md'), 'utf8')).toContain('`web/**`');
  });

  it('refuses a name that is not a declared agent and says how to declare it', () => {
    const result = hook(create, { worktree_name: 'ghost', cwd: repo.path });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("agent-guard spawn ghost --scope 'GLOB'");
  });

  it('removes the worktree, saving uncommitted work first and keeping the branch', () => {
    const path = hook(create, { worktree_name: 'web', cwd: repo.path }).stdout.trim();
    writeFileSync(join(path, 'web/draft.ts'), 'unsaved\n');
    const result = hook(remove, { hook_event_name: 'WorktreeRemove', worktree_path: path, cwd: repo.path });
    expect(result.status).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(tryGit(repo.path, ['rev-parse', '--verify', '--quiet', 'refs/heads/agent/web']).code).toBe(0);
    const saved = tryGit(repo.path, ['for-each-ref', '--format=%(refname)', 'refs/agent-guard/backup/web/']).stdout.trim().split('\n').find((r) => r.endsWith('/worktree'))!;
    expect(tryGit(repo.path, ['show', `${saved}:web/draft.ts`]).stdout).toBe('unsaved\n');
    expect(result.stderr).toContain(`git checkout ${saved} -- .`);
  });
});
