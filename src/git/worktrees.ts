import type { Change } from '../core/policy.js';
import { parseNameStatus, parseStatusZ, parseWorktreeList, type Worktree } from './parse.js';
import { git, gitOrNull } from './run.js';

export type { Worktree };

export async function listWorktrees(root: string): Promise<Worktree[]> {
  return parseWorktreeList(await git(root, ['worktree', 'list', '--porcelain', '-z']));
}

/** The main worktree's folder: where the human works and where the config is edited. */
export async function mainWorktree(root: string): Promise<string> {
  return (await listWorktrees(root))[0]!.path;
}

/** Uncommitted changes of a worktree (staged, unstaged and untracked, not ignored), as changes. */
export async function uncommittedChanges(worktree: string): Promise<Change[]> {
  return parseStatusZ(await git(worktree, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']));
}

/** Tracked files that differ from HEAD or untracked files exist: there is work a removal could lose. */
export async function hasUncommittedWork(worktree: string): Promise<boolean> {
  return (await uncommittedChanges(worktree)).length > 0;
}

/** Changes between two commits as one diff (for `status`'s list of what a branch changed). */
export async function diffChanges(root: string, from: string, to: string): Promise<Change[]> {
  return parseNameStatus(await git(root, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-color', '--no-relative', from, to]));
}

export async function aheadBehind(root: string, base: string, branch: string): Promise<{ ahead: number; behind: number }> {
  const out = await git(root, ['rev-list', '--left-right', '--count', `${base}...${branch}`]);
  const [behind, ahead] = out.trim().split(/\s+/).map(Number);
  return { ahead: ahead ?? 0, behind: behind ?? 0 };
}

export async function revParse(root: string, ref: string): Promise<string | null> {
  return (await gitOrNull(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]))?.trim() || null;
}

export async function isAncestor(root: string, maybeAncestor: string, of: string): Promise<boolean> {
  return (await gitOrNull(root, ['merge-base', '--is-ancestor', maybeAncestor, of])) !== null;
}

/** Committer time of a commit, ISO 8601 UTC. */
export async function commitTime(root: string, ref: string): Promise<Date> {
  return new Date(Number((await git(root, ['log', '-1', '--format=%ct', ref])).trim()) * 1000);
}

export async function trackedFiles(root: string): Promise<string[]> {
  return (await git(root, ['ls-files', '-z'])).split('\0').filter(Boolean);
}
