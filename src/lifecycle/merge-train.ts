import type { Config } from '../core/config.js';
import { dependencyOrder } from '../core/sequence.js';
import { MergeCache } from '../git/merge-tree.js';
import { branchTips, listWorktrees } from '../git/worktrees.js';
import { placeOf } from '../config/agent-places.js';

/** `merge --all`: the configured agents whose branch holds commits base does not, by name. */
export async function trainCandidates(mainRoot: string, commonDir: string, config: Config, baseTip: string): Promise<{ name: string; tip: string }[]> {
  const worktrees = await listWorktrees(mainRoot);
  const places = Object.keys(config.agents).sort().map((name) => placeOf(config, name, worktrees));
  const tips = await branchTips(mainRoot, places.map((p) => p.branch));
  const withBranch = places.filter((p) => tips.has(p.branch)).map((p) => ({ name: p.name, tip: tips.get(p.branch)! }));
  const cache = MergeCache.forCommonDir(commonDir);
  try {
    const inBase = await cache.inHistoryOf(mainRoot, baseTip, withBranch.map((a) => ({ ref: `refs/heads/${placeOf(config, a.name, worktrees).branch}`, tip: a.tip })));
    return withBranch.filter((_, i) => !inBase[i]);
  } finally {
    cache.save();
  }
}

/**
 * The train's order: agents after those they build on (`after`), and among the ones free to go next,
 * the first (in the order given) that the forecast merges cleanly onto the train so far. Agents that
 * no order merges cleanly come last, where the train will stop with their files named.
 */
export async function trainOrder(mainRoot: string, commonDir: string, config: Config, baseTip: string, queue: readonly { name: string; tip: string }[]): Promise<string[]> {
  const cache = MergeCache.forCommonDir(commonDir);
  const names = queue.map((q) => q.name);
  const tipOf = new Map(queue.map((q) => [q.name, q.tip]));
  const remaining = dependencyOrder(config, names);
  const order: string[] = [];
  let current = baseTip;
  try {
    while (remaining.length) {
      const free = remaining.filter((name) => (config.agents[name]?.after ?? []).every((other) => !remaining.includes(other)));
      let next: string | null = null;
      for (const name of free) {
        const tip = tipOf.get(name)!;
        if (await cache.isAncestor(mainRoot, tip, current)) {
          next = name;
          break;
        }
        const merged = await cache.merge(mainRoot, current, tip);
        if (merged.clean) {
          next = name;
          current = await cache.commit(mainRoot, merged.tree, [current, tip]);
          break;
        }
      }
      if (next === null) return [...order, ...remaining];
      order.push(next);
      remaining.splice(remaining.indexOf(next), 1);
    }
    return order;
  } finally {
    cache.save();
  }
}
