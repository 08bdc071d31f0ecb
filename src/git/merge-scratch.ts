import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { git } from './run.js';
import { writeFileAtomic } from '../io/atomic.js';

/**
 * The merge queue's scratch checkout: a work tree whose git dir sits in agent-guard's part of the
 * common git dir and is not registered under .git/worktrees — so `git worktree list` never shows it,
 * and a merge killed with SIGKILL leaves no registered worktree behind, only folders the next run
 * (or `doctor --fix`) deletes. Merges and verify runs happen here, never in the user's checkout.
 */
export interface Scratch {
  tree: string;
  gitDir: string;
}

export const scratchGitDir = (commonDir: string) => join(commonDir, 'agent-guard', 'merge-scratch');
const treeNote = (gitDir: string) => join(gitDir, 'tree');
const verifyNote = (gitDir: string) => join(gitDir, 'verify.pid');

/** A scratch checkout of `commit` at `tree` (a folder that must not hold anything of value: it is emptied). */
export async function createScratch(commonDir: string, tree: string, commit: string): Promise<Scratch> {
  const gitDir = scratchGitDir(commonDir);
  mkdirSync(gitDir, { recursive: true });
  // the note first: whatever happens next, the leftover cleanup knows which folder to delete
  writeFileSync(treeNote(gitDir), tree + '\n');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(gitDir, 'commondir'), relative(gitDir, commonDir) + '\n');
  writeFileSync(join(gitDir, 'HEAD'), commit + '\n');
  writeFileSync(join(tree, '.git'), `gitdir: ${gitDir}\n`);
  await git(tree, ['read-tree', '--reset', '-u', 'HEAD']);
  return { tree, gitDir };
}

/** The scratch checkout a run left (stopped, killed, or an older version's), if any. */
export function leftoverScratch(commonDir: string): { gitDir: string; tree: string | null } | null {
  const gitDir = scratchGitDir(commonDir);
  if (!existsSync(gitDir)) return null;
  let tree: string | null = null;
  try {
    tree = readFileSync(treeNote(gitDir), 'utf8').trim() || null;
  } catch {
    // made no further than its git dir
  }
  return { gitDir, tree };
}

/** Deletes a scratch checkout, first stopping a verify command a killed run left running in it. */
export function removeScratch(commonDir: string): string[] {
  const left = leftoverScratch(commonDir);
  if (!left) return [];
  const lines: string[] = [];
  if (left.tree && stopLeftoverVerify(left.gitDir, left.tree)) lines.push('Stopped the verify command a stopped merge left running.');
  if (left.tree) rmSync(left.tree, { recursive: true, force: true });
  rmSync(left.gitDir, { recursive: true, force: true });
  return lines;
}

/**
 * Runs the verify command in the scratch checkout, in a process group of its own (so all it starts
 * can be stopped together), its output on this terminal. `stopOn` registers the stop: on a signal the
 * group gets it too. Its pid is noted so a run killed outright can have it stopped by the next one.
 */
export function runVerify(scratch: Scratch, command: string, env: Record<string, string>, stopOn: (stop: (signal: NodeJS.Signals) => void) => () => void): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: scratch.tree, shell: true, stdio: 'inherit', detached: true, env: { ...process.env, ...env } });
    if (child.pid) writeFileAtomic(verifyNote(scratch.gitDir), `${child.pid}\n`);
    const release = stopOn((signal) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // ended already
      }
    });
    const finish = (code: number | null, signal: string | null) => {
      release();
      rmSync(verifyNote(scratch.gitDir), { force: true });
      resolve({ code, signal });
    };
    child.on('error', () => finish(127, null));
    child.on('close', finish);
  });
}

/** Stops the process group of a verify a killed run left, if it still runs in that scratch tree (pids are reused). */
function stopLeftoverVerify(gitDir: string, tree: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(verifyNote(gitDir), 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    const cwd = realpathSync(`/proc/${pid}/cwd`);
    if (!cwd.startsWith(realpathSync(tree))) return false;
  } catch {
    return false; // gone, or no /proc to tell whose it is: leave it
  }
  try {
    process.kill(-pid, 'SIGTERM');
    return true;
  } catch {
    return false;
  }
}
