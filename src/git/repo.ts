import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { git, GitError } from './run.js';

export interface RepoInfo {
  /** Top of this worktree (a linked worktree's own folder, not the main one). */
  root: string;
  /** This worktree's private git dir (`.git/worktrees/NAME` for a linked worktree). */
  gitDir: string;
  /** Short branch name, or null on a detached HEAD. */
  branch: string | null;
}

export async function repoInfo(cwd: string): Promise<RepoInfo> {
  let out: string;
  try {
    out = await git(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir']);
  } catch (err) {
    if (err instanceof GitError) {
      throw new UsageError(`agent-guard: ${cwd} is not inside a git work tree (${err.stderr.trim()}). Run it from your repository or one of its worktrees.`);
    }
    throw err;
  }
  const [root, gitDir] = out.split('\n');
  return { root: root!, gitDir: gitDir!, branch: branchFromHead(gitDir!) };
}

/** Reads HEAD directly (no process): works on an unborn branch, null when detached. */
function branchFromHead(gitDir: string): string | null {
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  return head.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : null;
}
