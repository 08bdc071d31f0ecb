import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The git dir shared by all worktrees (a linked worktree's `commondir` points to it). */
export function commonGitDir(gitDir: string): string {
  try {
    return resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    return gitDir;
  }
}

/**
 * The commit a local branch points to, read from the ref files (no process), or null when that
 * takes more than a plain lookup (symbolic ref, tag, expression). Callers treat null as "ask git".
 */
export function branchTipFromFiles(gitDir: string, branch: string): string | null {
  if (!/^[\w./-]+$/.test(branch) || branch.includes('..')) return null;
  const common = commonGitDir(gitDir);
  const refName = branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
  try {
    const loose = readFileSync(join(common, refName), 'utf8').trim();
    return /^[0-9a-f]{40,64}$/.test(loose) ? loose : null;
  } catch {
    // not loose: look in packed-refs
  }
  try {
    for (const line of readFileSync(join(common, 'packed-refs'), 'utf8').split('\n')) {
      if (line.endsWith(` ${refName}`)) return line.slice(0, line.indexOf(' '));
    }
  } catch {
    // no packed-refs
  }
  return null;
}
