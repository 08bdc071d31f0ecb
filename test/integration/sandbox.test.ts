import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({}, { files: { 'src/web-lib/x.ts': 'x\n', 'docs/a.md': 'a\n' } });
});
afterEach(() => repo.remove());

const onPath = (tool: string) => tryGit(repo.path, ['--version']).code === 0 && (process.env.PATH ?? '').split(':').some((dir) => {
  try {
    readFileSync(join(dir, tool));
    return true;
  } catch {
    return false;
  }
});

describe("Claude Code's Bash sandbox: spawn --sandbox / claudeSandbox", () => {
  it('writes the sandbox settings: on, no unsandboxed escape, folders outside the scope and agent-guard\'s places read-only', () => {
    expect(run(repo.path, ['spawn', 'orders', '--sandbox']).code).toBe(0);
    const wt = repo.agentPath('orders');
    const gitDir = tryGit(wt, ['rev-parse', '--absolute-git-dir']).stdout.trim();
    const settings = JSON.parse(readFileSync(join(wt, '.claude/settings.local.json'), 'utf8'));
    expect(settings.hooks.PreToolUse).toHaveLength(1); // the guard is still there
    expect(settings.sandbox).toMatchObject({ enabled: true, allowUnsandboxedCommands: false });
    const denied: string[] = settings.sandbox.filesystem.denyWrite;
    expect(denied).toEqual(expect.arrayContaining([join(wt, 'web'), join(wt, 'docs'), join(wt, 'src/web-lib'), join(gitDir, 'agent-guard', 'manifest.json'), join(gitDir, 'agent-guard', 'hooks')]));
    expect(denied).not.toContain(join(wt, 'src'));
    expect(denied).not.toContain(join(wt, 'src/orders'));
  });

  it('is off by default and on for every spawn with claudeSandbox; doctor says whether it can run here', () => {
    expect(run(repo.path, ['spawn', 'web']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.agentPath('web'), '.claude/settings.local.json'), 'utf8')).sandbox).toBeUndefined();
    const config = JSON.parse(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8'));
    repo.config({ ...config, claudeSandbox: true });
    repo.commitAll('sandbox on');
    expect(run(repo.path, ['spawn', 'orders']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.agentPath('orders'), '.claude/settings.local.json'), 'utf8')).sandbox.enabled).toBe(true);
    const doctor = run(repo.path, ['doctor']);
    if (process.platform !== 'darwin' && !(onPath('bwrap') && onPath('socat'))) {
      expect(doctor.stdout).toContain("claudeSandbox is on, but Claude Code's Bash sandbox cannot run here");
      expect(doctor.stdout).toContain('apt-get install bubblewrap socat');
    } else {
      expect(doctor.stdout).toContain("Claude Code's Bash sandbox can run here (claudeSandbox is on)");
    }
  });
});
