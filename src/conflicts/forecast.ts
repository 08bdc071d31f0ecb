import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { MergeCache, type MergeConflict } from '../git/merge-tree.js';
import { git } from '../git/run.js';
import { branchTip, isAncestor, listWorktrees, revParse, uncommittedChanges } from '../git/worktrees.js';
import { placeOf } from '../lifecycle/agents.js';

/** A live agent: it has a worktree and a branch with commits. */
export interface AgentTip {
  name: string;
  branch: string;
  tip: string;
  worktree: string;
}

/** A conflict the forecast sees: merging the second after the first (an agent, or base itself). */
export interface ForecastConflict {
  agents: [string, string];
  files: MergeConflict[];
}

export interface Forecast {
  base: string;
  baseTip: string;
  agents: { name: string; branch: string; inBase: boolean; uncommitted: number }[];
  conflicts: ForecastConflict[];
}

/** The agents with a live worktree and a branch, sorted by name. */
export async function liveAgentTips(mainRoot: string, config: Config): Promise<AgentTip[]> {
  const worktrees = await listWorktrees(mainRoot);
  const tips: AgentTip[] = [];
  for (const name of Object.keys(config.agents).sort()) {
    const place = placeOf(config, name, worktrees);
    if (!place.worktree || place.worktree.prunable) continue;
    const tip = await branchTip(mainRoot, place.branch);
    if (tip) tips.push({ name, branch: place.branch, tip, worktree: place.worktree.path });
  }
  return tips;
}

export async function baseTipOf(mainRoot: string, base: string): Promise<string> {
  const tip = await revParse(mainRoot, base);
  if (tip === null) throw new UsageError(`agent-guard: the base "${base}" cannot be resolved here; commit on it, or fix "base" in the config.`);
  return tip;
}

/**
 * For every live agent, whether its branch merges cleanly into base; for every pair, whether the
 * second merges cleanly after the first (computed on a commit of the first's merge, as the queue would
 * make it). Committed work only; each agent's uncommitted files are counted. Merges come from the
 * cache where the same commits were merged before.
 */
export async function forecastConflicts(mainRoot: string, commonDir: string, config: Config): Promise<Forecast> {
  const baseTip = await baseTipOf(mainRoot, config.base);
  const tips = await liveAgentTips(mainRoot, config);
  const counts = await Promise.all(tips.map((t) => uncommittedChanges(t.worktree).then((c) => c.length, () => 0)));
  const inBase = await Promise.all(tips.map((t) => isAncestor(mainRoot, t.tip, baseTip)));
  const conflicts = await forecastFromTips(mainRoot, commonDir, baseTip, tips.filter((_, i) => !inBase[i]));
  const agents = tips.map((t, i) => ({ name: t.name, branch: t.branch, inBase: inBase[i]!, uncommitted: counts[i]! }));
  return { base: config.base, baseTip, agents, conflicts };
}

/**
 * The forecast for these agents' tips (none of them in base already): each against base, then each
 * pair, the second merged after the first. status calls it with what it read already.
 */
export async function forecastFromTips(mainRoot: string, commonDir: string, baseTip: string, tips: readonly { name: string; tip: string }[]): Promise<ForecastConflict[]> {
  await guardGitVersion(mainRoot);
  const cache = MergeCache.forCommonDir(commonDir);
  const conflicts: ForecastConflict[] = [];
  const pending: { name: string; tip: string; merged: string | null }[] = [];
  try {
    for (const tip of [...tips].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const withBase = await cache.merge(mainRoot, baseTip, tip.tip);
      if (!withBase.clean) conflicts.push({ agents: [tip.name, 'base'], files: withBase.conflicts });
      pending.push({ ...tip, merged: withBase.clean ? await cache.commit(mainRoot, withBase.tree, [baseTip, tip.tip]) : null });
    }
    for (let a = 0; a < pending.length; a++) {
      for (let b = a + 1; b < pending.length; b++) {
        const [first, second] = pending[a]!.merged ? [pending[a]!, pending[b]!] : [pending[b]!, pending[a]!];
        if (!first.merged) continue; // both conflict with base already: that is what to fix first
        const after = await cache.merge(mainRoot, first.merged, second.tip);
        if (!after.clean) conflicts.push({ agents: [first.name, second.name], files: after.conflicts });
      }
    }
  } finally {
    cache.save();
  }
  return conflicts;
}

export interface QueueStep {
  name: string;
  /** null: already in base, nothing to merge. */
  conflicts: MergeConflict[] | null;
}

/**
 * The merge queue as `merge` would run it, forecast step by step on commits no ref points to: each
 * step merges into the result of the one before. Stops at the first step that would conflict.
 */
export async function forecastQueue(mainRoot: string, commonDir: string, baseTip: string, queue: readonly { name: string; tip: string }[]): Promise<{ steps: QueueStep[]; clean: boolean }> {
  await guardGitVersion(mainRoot);
  const cache = MergeCache.forCommonDir(commonDir);
  let current = baseTip;
  const steps: QueueStep[] = [];
  try {
    for (const { name, tip } of queue) {
      if (await isAncestor(mainRoot, tip, current)) {
        steps.push({ name, conflicts: null });
        continue;
      }
      const merged = await cache.merge(mainRoot, current, tip);
      steps.push({ name, conflicts: merged.conflicts });
      if (!merged.clean) return { steps, clean: false };
      current = await cache.commit(mainRoot, merged.tree, [current, tip]);
    }
    return { steps, clean: true };
  } finally {
    cache.save();
  }
}

let checked: Promise<void> | null = null;

/** merge-tree --write-tree came with git 2.38: an older git is a usage error naming the version. */
function guardGitVersion(root: string): Promise<void> {
  return (checked ??= git(root, ['version']).then((out) => {
    const [major = 0, minor = 0] = (/(\d+)\.(\d+)/.exec(out)?.slice(1) ?? []).map(Number);
    if (major < 2 || (major === 2 && minor < 38)) throw new UsageError(`agent-guard: the conflict forecast needs git 2.38 or later (git merge-tree --write-tree); this is ${out.trim()}.`);
  }));
}

