import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { git, gitOrNull } from '../git/run.js';
import { branchTip, headCommit, listWorktrees } from '../git/worktrees.js';
import { assertAgentName, placeOf } from '../config/agent-places.js';

/**
 * Brings base's new commits into the agent's branch by merging base (no history rewrite: the
 * agent's commits keep their shas, and pushed branches stay pushable). A conflict aborts the merge,
 * so nothing changes, and says how to resolve it by hand.
 */
export async function syncAgent(mainRoot: string, config: Config, name: string): Promise<{ exitCode: number; lines: string[] }> {
  assertAgentName(name);
  const worktrees = await listWorktrees(mainRoot);
  const place = placeOf(config, name, worktrees);
  const worktree = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
  if (!worktree) throw new UsageError(`agent-guard sync: agent "${name}" has no worktree; agent-guard spawn ${name} creates it.`);
  const dirty = (await git(worktree, ['status', '--porcelain', '--untracked-files=no'])).trim();
  if (dirty) return { exitCode: 1, lines: [`agent-guard sync: ${worktree} has uncommitted changes; commit them (or stash) first. Nothing was changed.`] };

  // Base first, then the branches of the agents it builds on (`after`): their new commits too.
  const sources = [config.base, ...(config.agents[name]?.after ?? []).map((other) => placeOf(config, other, worktrees).branch)];
  const lines: string[] = [];
  for (const source of sources) {
    if ((await branchTip(worktree, source)) === null) continue; // an agent whose branch is gone (merged and removed)
    const before = await headCommit(worktree);
    const merged = await gitOrNull(worktree, ['merge', '--no-edit', '-m', `Sync ${source} into ${place.branch}`, source]);
    if (merged === null) {
      const conflicts = (await git(worktree, ['diff', '--name-only', '--diff-filter=U'])).trim().split('\n').filter(Boolean);
      await gitOrNull(worktree, ['merge', '--abort']);
      lines.push(
        `agent-guard sync: merging ${source} into ${place.branch} conflicts in ${conflicts.join(', ') || 'some files'}. That merge was undone.`,
        `To resolve: cd ${worktree} && git merge ${source}, fix those files, git add them, git commit.`,
      );
      return { exitCode: 1, lines };
    }
    const after = await headCommit(worktree);
    lines.push(after === before ? `${name}: already up to date with ${source}.` : `${name}: merged ${source} into ${place.branch} (${after.slice(0, 12)}).`);
  }
  return { exitCode: 0, lines };
}
