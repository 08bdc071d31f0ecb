import type { Change } from '../core/policy.js';
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withLock } from '../io/atomic.js';
import { branchRefTip, commonGitDir, headTip, isObjectId, localBranchTip } from './fs-refs.js';
import { parseStatusZ, parseWorktreeList, type Worktree } from './parse.js';
import { repoInfo } from './repo.js';
import { git, gitOrNull } from './run.js';
import { worktreesFromFiles } from './worktree-files.js';

export type { Worktree };

/** The worktrees, main first, as `git worktree list` has them: from the git dir's files where they tell. */
export async function listWorktrees(root: string): Promise<Worktree[]> {
  return worktreesFromFiles((await repoInfo(root)).commonDir) ?? parseWorktreeList(await git(root, ['worktree', 'list', '--porcelain', '-z']));
}

/**
 * The main worktree's folder: where the human works and where the config is edited. Where the
 * common git dir is a `.git` folder, that is its parent, as git itself decides; else git is asked.
 */
export async function mainWorktree(root: string): Promise<string> {
  const common = realpathSync((await repoInfo(root)).commonDir);
  if (basename(common) === '.git' && !process.env.GIT_DIR && !process.env.GIT_COMMON_DIR) return dirname(common);
  return (await listWorktrees(root))[0]!.path;
}

/** Lists the worktrees, first forgetting any whose folder was deleted by hand (only then: prune costs a process). */
export async function listLiveWorktrees(root: string): Promise<Worktree[]> {
  const worktrees = await listWorktrees(root);
  if (!worktrees.some((w) => w.prunable)) return worktrees;
  await changeWorktrees(root, ['prune']);
  return listWorktrees(root);
}

/**
 * `git worktree add|remove|prune`, one agent-guard process at a time per repository: git's own
 * `worktree add` reads every other worktree's files, and one that another `add` is still writing
 * fails it ("failed to read .git/worktrees/NAME/commondir"), as two spawns at once showed.
 * `gitOptions` go before the subcommand (`-c NAME=VALUE`).
 */
export async function changeWorktrees(root: string, args: readonly string[], gitOptions: readonly string[] = [], env?: Record<string, string>): Promise<string> {
  const lock = join(commonGitDir((await repoInfo(root)).gitDir), 'agent-guard', 'worktrees.lock');
  return withLock(lock, () => git(root, [...gitOptions, 'worktree', ...args], undefined, env), 5 * 60_000);
}

/** Uncommitted changes of a worktree (staged, unstaged and untracked, not ignored), as changes. */
export async function uncommittedChanges(worktree: string): Promise<Change[]> {
  return parseStatusZ(await git(worktree, STATUS_ARGS));
}

/** Tracked files that differ from HEAD or untracked files exist: there is work a removal could lose. */
export async function hasUncommittedWork(worktree: string): Promise<boolean> {
  return (await uncommittedChanges(worktree)).length > 0;
}

/** The commit `ref` names, or null; HEAD and a branch's tip come from the ref files where they tell (no process). */
export async function revParse(root: string, ref: string): Promise<string | null> {
  const repo = await repoInfo(root).catch(() => null);
  const fromFiles = repo ? (ref === 'HEAD' ? headTip(repo.gitDir) : branchRefTip(repo.gitDir, ref)) : undefined;
  if (fromFiles !== undefined) return fromFiles;
  return (await gitOrNull(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]))?.trim() || null;
}

/** The commit HEAD is at (from the files where they tell); fails as `git rev-parse HEAD` does where there is none. */
export async function headCommit(root: string): Promise<string> {
  return (await revParse(root, 'HEAD')) ?? (await git(root, ['rev-parse', 'HEAD'])).trim();
}

/** A local branch's tip; null: no such branch. */
export function branchTip(root: string, branch: string): Promise<string | null> {
  return revParse(root, `refs/heads/${branch}`);
}

export async function isAncestor(root: string, maybeAncestor: string, of: string): Promise<boolean> {
  if (maybeAncestor === of && isObjectId(of)) return true; // a commit is its own ancestor
  return (await gitOrNull(root, ['merge-base', '--is-ancestor', maybeAncestor, of])) !== null;
}

export async function trackedFiles(root: string): Promise<string[]> {
  return (await git(root, ['ls-files', '-z'])).split('\0').filter(Boolean);
}

/**
 * The tips of these local branches (absent ones left out): from the ref files where they tell for
 * every one of them, else from one `git for-each-ref`.
 */
export async function branchTips(root: string, branches: readonly string[]): Promise<Map<string, string>> {
  const { gitDir } = await repoInfo(root);
  const tips = new Map<string, string>();
  for (const branch of branches) {
    const tip = localBranchTip(gitDir, `refs/heads/${branch}`);
    if (tip === undefined) return allBranchTips(root);
    if (tip !== null) tips.set(branch, tip);
  }
  return tips;
}

async function allBranchTips(root: string): Promise<Map<string, string>> {
  const out = await git(root, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/']);
  const tips = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const space = line.indexOf(' ');
    tips.set(line.slice(space + 1 + 'refs/heads/'.length), line.slice(0, space));
  }
  return tips;
}

export const STATUS_ARGS = ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'];

/**
 * `git log` arguments listing a branch's own commits since it left base (`>` lines) and base's newer
 * ones (`<`); commits reachable from `exclude` (the branches it builds on) are not its own.
 */
export function branchLogArgs(baseTip: string, tip: string, exclude: readonly string[] = []): string[] {
  return ['log', '--reverse', '--left-right', '--format=%m%x20%H%x20%ct', `${baseTip}...${tip}`, ...exclude.map((sha) => `^${sha}`)];
}
