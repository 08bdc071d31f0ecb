import type { Change } from '../core/policy.js';
import { commitChanges } from './changes.js';
import { isZeroSha, type PushUpdate } from './parse.js';
import { git, gitOrNull } from './run.js';

/**
 * Every change in the commits a push would give the remote. An update of a branch the remote has
 * checks `remoteSha..localSha`; a new branch (or an unknown remote sha) checks the commits that
 * are on no remote-tracking ref and not on the base branch. Deletions push no commits.
 */
export async function pushedChanges(root: string, updates: PushUpdate[], remote: string, base: string): Promise<Change[]> {
  const seen = new Set<string>();
  const commits: string[] = [];
  for (const update of updates) {
    if (isZeroSha(update.localSha)) continue;
    const known = !isZeroSha(update.remoteSha) && (await commitExists(root, update.remoteSha));
    const exclusions = known ? [update.remoteSha] : await newBranchExclusions(root, remote, base);
    const out = await git(root, ['rev-list', '--reverse', update.localSha, '--not', ...exclusions]);
    for (const sha of out.split('\n').filter(Boolean)) {
      if (!seen.has(sha)) commits.push(sha);
      seen.add(sha);
    }
  }
  return commitChanges(root, commits);
}

async function commitExists(root: string, sha: string): Promise<boolean> {
  return (await gitOrNull(root, ['cat-file', '-e', `${sha}^{commit}`])) !== null;
}

async function newBranchExclusions(root: string, remote: string, base: string): Promise<string[]> {
  const exclusions = [`--remotes=${remote}`];
  for (const ref of [`refs/heads/${base}`, `refs/remotes/${remote}/${base}`]) {
    if ((await gitOrNull(root, ['rev-parse', '--verify', '--quiet', ref])) !== null) exclusions.push(ref);
  }
  return exclusions;
}
