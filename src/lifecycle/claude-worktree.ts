import { agentNameFromBranch } from '../core/branches.js';
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { changeWorktrees, listWorktrees } from '../git/worktrees.js';
import { ownedBy, removeTrust } from '../home/trust.js';
import { backupAgent, restoreInstructions } from './backup.js';
import { runCommands, setupFailure } from '../io/setup-run.js';
import { spawnAgent } from './spawn.js';

export interface HookOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface WorktreePayload {
  worktree_name?: unknown;
  name?: unknown;
  base_commit?: unknown;
  base_ref?: unknown;
  worktree_path?: unknown;
  cwd?: unknown;
}

/**
 * Claude Code's WorktreeCreate hook (`claude -w NAME`): agent NAME gets agent-guard's worktree,
 * branch, manifest and guard. Claude Code reads the new worktree's path from stdout, so every other
 * line goes to stderr. Field names have varied between versions: `worktree_name` or `name`,
 * `base_commit` or `base_ref`.
 */
export async function claudeWorktreeCreate(stdinText: string, env: Record<string, string | undefined>): Promise<HookOutcome> {
  const payload = parsePayload(stdinText);
  const name = stringField(payload.worktree_name) ?? stringField(payload.name);
  if (!name) throw new UsageError('agent-guard: the WorktreeCreate input names no worktree (worktree_name or name).');
  const base = stringField(payload.base_commit) ?? stringField(payload.base_ref);
  const mainRoot = await mainRootOf(payload, env);
  const loaded = await loadConfig(mainRoot);
  if (!(name in loaded.config.agents)) {
    throw new UsageError(
      `agent-guard: "${name}" is not an agent in ${loaded.file}, so claude -w ${name} cannot start it. ` +
        `Declare it first (agent-guard spawn ${name} --scope 'GLOB', or add it under "agents"), then run claude -w ${name} again.`,
    );
  }
  const result = await spawnAgent(mainRoot, { name, allowOverlap: false, ...(base && { base }) });
  const stderr = [...result.lines];
  if (result.exitCode !== 0 || !result.worktree) return { exitCode: 2, stdout: '', stderr: stderr.join('\n') + '\n' };
  if (result.setup) {
    // stdout belongs to Claude Code (the path), so setup's output is sent to stderr.
    const { commands, timeout, gitDir, env } = result.setup;
    const state = await runCommands(commands, result.worktree, gitDir, env, { timeout, show: (text) => process.stderr.write(text), what: 'setup' });
    if (!state.ok) stderr.push(`${setupFailure(state, gitDir, timeout)} The worktree is ready otherwise: agent-guard setup ${name} runs it again.`);
  }
  return { exitCode: 0, stdout: `${result.worktree}\n`, stderr: stderr.join('\n') + '\n' };
}

/**
 * Claude Code's WorktreeRemove hook: the worktree goes, its uncommitted work is saved first under
 * refs/agent-guard/backup/, and its branch stays (its commits may still be merged).
 */
export async function claudeWorktreeRemove(stdinText: string, env: Record<string, string | undefined>): Promise<HookOutcome> {
  const payload = parsePayload(stdinText);
  const path = stringField(payload.worktree_path);
  if (!path) throw new UsageError('agent-guard: the WorktreeRemove input has no worktree_path.');
  const mainRoot = await mainRootOf(payload, env);
  const worktree = (await listWorktrees(mainRoot)).find((w) => samePath(w.path, path));
  if (!worktree) return { exitCode: 0, stdout: '', stderr: `agent-guard: ${path} is not a worktree of this repository; nothing to remove.\n` };
  const { config } = await loadConfig(mainRoot);
  const agent = agentNameFromBranch(config.branches, worktree.branch) ?? basename(worktree.path);
  const backup = await backupAgent(mainRoot, agent, worktree.branch ?? '', worktree.prunable ? null : worktree.path);
  const untrusted = await removeTrust((await repoInfo(mainRoot)).commonDir, ownedBy(worktree.path));
  await changeWorktrees(mainRoot, ['remove', '--force', worktree.path]);
  const lines = [`Removed worktree ${worktree.path}${worktree.branch ? `; branch ${worktree.branch} is kept` : ''}.`, ...untrusted];
  if (backup.worktreeRef) lines.push('Its uncommitted work was saved first; to get it back:', ...restoreInstructions({ ...backup, branchRef: null }, worktree.branch ?? agent));
  return { exitCode: 0, stdout: '', stderr: lines.join('\n') + '\n' };
}

function parsePayload(text: string): WorktreePayload {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) return parsed as WorktreePayload;
  } catch {
    // reported below
  }
  throw new UsageError('agent-guard: the hook input is not a JSON object.');
}

function stringField(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

async function mainRootOf(payload: WorktreePayload, env: Record<string, string | undefined>): Promise<string> {
  const cwd = stringField(payload.cwd) ?? env.CLAUDE_PROJECT_DIR ?? process.cwd();
  return (await listWorktrees((await repoInfo(cwd)).root))[0]!.path;
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return a === b || real(a) === real(b);
}
