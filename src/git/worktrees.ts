import type { Change } from '../core/policy.js';
import { parseStatusZ, parseWorktreeList, type Worktree } from './parse.js';
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

export async function revParse(root: string, ref: string): Promise<string | null> {
  return (await gitOrNull(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]))?.trim() || null;
}

export async function isAncestor(root: string, maybeAncestor: string, of: string): Promise<boolean> {
  return (await gitOrNull(root, ['merge-base', '--is-ancestor', maybeAncestor, of])) !== null;
}

export async function trackedFiles(root: string): Promise<string[]> {
  return (await git(root, ['ls-files', '-z'])).split('\0').filter(Boolean);
}

/** Every local branch under `refs/heads/<prefix>` and its tip, in one process. */
export async function branchTips(root: string, prefix: string): Promise<Map<string, string>> {
  const out = await git(root, ['for-each-ref', '--format=%(objectname) %(refname)', `refs/heads/${prefix}`]);
  const tips = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const space = line.indexOf(' ');
    tips.set(line.slice(space + 1 + 'refs/heads/'.length), line.slice(0, space));
  }
  return tips;
}

/** A branch's own commits since it left base (oldest first, with commit times), and how far base has moved on. */
export async function branchCommits(root: string, base: string, tip: string): Promise<{ commits: { sha: string; time: number }[]; behind: number }> {
  const out = await git(root, ['log', '--reverse', '--left-right', '--format=%m %H %ct', `${base}...${tip}`]);
  const commits: { sha: string; time: number }[] = [];
  let behind = 0;
  for (const line of out.split('\n').filter(Boolean)) {
    const [side, sha, time] = line.split(' ');
    if (side === '<') behind++;
    else commits.push({ sha: sha!, time: Number(time) * 1000 });
  }
  return { commits, behind };
}
