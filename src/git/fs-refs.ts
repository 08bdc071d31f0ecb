import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A full object id as git writes it: 40 hex digits (SHA-1) or 64 (SHA-256). */
export function isObjectId(text: string): boolean {
  return OBJECT_ID.test(text);
}
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** The git dir shared by all worktrees (a linked worktree's `commondir` points to it). */
export function commonGitDir(gitDir: string): string {
  try {
    return resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    return gitDir;
  }
}

/**
 * A local branch's tip from the ref files: its sha, null when the files say it does not exist,
 * undefined when only git can tell (a reftable repository, a symbolic or odd ref).
 */
export function localBranchTip(gitDir: string, branch: string): string | null | undefined {
  if (!/^[\w./-]+$/.test(branch) || branch.includes('..')) return undefined;
  const common = commonGitDir(gitDir);
  if (existsSync(join(common, 'reftable'))) return undefined;
  const refName = branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
  try {
    const loose = readFileSync(join(common, refName), 'utf8').trim();
    return isObjectId(loose) ? loose : undefined;
  } catch {
    // not loose (or a folder of refs): look in packed-refs
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

/**
 * What `git rev-parse --verify NAME^{commit}` answers for a branch (`main`, `refs/heads/main`), read
 * from the ref files (null: `refs/heads/NAME` does not exist); undefined when only git can tell: a
 * name git resolves to something else first (a file in the git dir, `refs/NAME`, a tag), a short
 * name that is no local branch, or odd ref storage.
 */
export function branchRefTip(gitDir: string, name: string): string | null | undefined {
  if (name.startsWith('refs/heads/')) return localBranchTip(gitDir, name);
  if (name.startsWith('refs/') || !/^\w[\w./-]*$/.test(name)) return undefined;
  if (existsSync(join(gitDir, name)) || existsSync(join(commonGitDir(gitDir), name))) return undefined;
  if (localBranchTip(gitDir, `refs/${name}`) !== null || localBranchTip(gitDir, `refs/tags/${name}`) !== null) return undefined;
  return localBranchTip(gitDir, `refs/heads/${name}`) ?? undefined;
}

/**
 * HEAD's commit from the files: the sha of a detached HEAD, or the tip of the branch it names (null
 * when that branch has no commit yet); undefined when only git can tell.
 */
export function headTip(gitDir: string): string | null | undefined {
  let head: string;
  try {
    head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  } catch {
    return undefined;
  }
  if (isObjectId(head)) return head;
  return head.startsWith('ref: refs/heads/') ? localBranchTip(gitDir, head.slice('ref: '.length)) : undefined;
}
