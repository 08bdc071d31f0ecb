import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { commonGitDir } from './fs-refs.js';
import { git, GitError } from './run.js';

export interface RepoInfo {
  /** Top of this worktree (a linked worktree's own folder, not the main one). */
  root: string;
  /** This worktree's private git dir (`.git/worktrees/NAME` for a linked worktree). */
  gitDir: string;
  /** The git dir every worktree shares (`.git` of the main worktree). */
  commonDir: string;
  /** Short branch name, or null on a detached HEAD. */
  branch: string | null;
}

export async function repoInfo(cwd: string): Promise<RepoInfo> {
  const found = findGitDir(cwd) ?? (await askGit(cwd));
  return { ...found, commonDir: commonGitDir(found.gitDir), branch: branchFromHead(found.gitDir) };
}

/**
 * Finds the worktree root and git dir from the file system, as the hooks run on every commit and a
 * `git rev-parse` costs a process. Returns null (ask git) when GIT_WORK_TREE is set, or GIT_DIR
 * names anything but the git dir of the linked worktree at cwd.
 */
export function findGitDir(cwd: string): { root: string; gitDir: string } | null {
  if (process.env.GIT_WORK_TREE) return null;
  if (process.env.GIT_DIR) return linkedWorktreeOfGitDir(cwd, process.env.GIT_DIR);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return existsSync(join(dotGit, 'HEAD')) ? { root: dir, gitDir: dotGit } : null;
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (!pointer) return null;
      const gitDir = isAbsolute(pointer) ? pointer : resolve(dir, pointer);
      return existsSync(join(gitDir, 'HEAD')) ? { root: dir, gitDir } : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * GIT_DIR as git sets it for a linked worktree's hooks (its private git dir; the hook runs at the
 * worktree's top): accepted when that git dir's `gitdir` file names `cwd/.git`, else git is asked.
 */
function linkedWorktreeOfGitDir(cwd: string, gitDirEnv: string): { root: string; gitDir: string } | null {
  const root = resolve(cwd);
  const gitDir = resolve(root, gitDirEnv);
  try {
    const dotGit = readFileSync(join(gitDir, 'gitdir'), 'utf8').trim();
    return dotGit === join(root, '.git') && existsSync(join(gitDir, 'HEAD')) ? { root, gitDir } : null;
  } catch {
    return null;
  }
}

async function askGit(cwd: string): Promise<{ root: string; gitDir: string }> {
  try {
    const [root, gitDir] = (await git(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir'])).split('\n');
    return { root: root!, gitDir: gitDir! };
  } catch (err) {
    if (err instanceof GitError) {
      throw new UsageError(`agent-guard: ${cwd} is not inside a git work tree (${err.stderr.trim()}). Run it from your repository or one of its worktrees.`);
    }
    throw err;
  }
}

/** Reads HEAD directly (no process): works on an unborn branch, null when detached. */
export function branchFromHead(gitDir: string): string | null {
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  return head.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : null;
}
