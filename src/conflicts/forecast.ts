import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { MergeCache, pathsApart, type MergeConflict } from '../git/merge-tree.js';
import { gitBatch } from '../git/batch.js';
import { parseStatusZ } from '../git/parse.js';
import { compilePolicy, policyGlobLists } from '../core/policy.js';
import { globPrefixes } from '../core/scope.js';
import { PolicyCache } from '../config/policy-cache.js';
import { branchTips, listWorktrees, revParse, STATUS_ARGS } from '../git/worktrees.js';
import { placeOf } from '../config/agent-places.js';

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
  /** `uncommitted`: the files in the agent's scope (or shared) changed and not committed; null when not counted. */
  agents: { name: string; branch: string; inBase: boolean; uncommitted: number | null }[];
  conflicts: ForecastConflict[];
}

/** The agents with a live worktree and a branch, sorted by name (branch tips read from the ref files). */
export async function liveAgentTips(mainRoot: string, config: Config): Promise<AgentTip[]> {
  const worktrees = await listWorktrees(mainRoot);
  const places = Object.keys(config.agents).sort().map((name) => placeOf(config, name, worktrees)).filter((p) => p.worktree && !p.worktree.prunable);
  const tips = await branchTips(mainRoot, places.map((p) => p.branch));
  return places.flatMap((p) => (tips.has(p.branch) ? [{ name: p.name, branch: p.branch, tip: tips.get(p.branch)!, worktree: p.worktree!.path }] : []));
}

export async function baseTipOf(mainRoot: string, base: string): Promise<string> {
  const tip = await revParse(mainRoot, base);
  if (tip === null) throw new UsageError(`agent-guard: the base "${base}" cannot be resolved here; commit on it, or fix "base" in the config.`);
  return tip;
}

/**
 * For every live agent, whether its branch merges cleanly into base; for every pair, whether the
 * second merges cleanly after the first (computed on a commit of the first's merge, as the queue would
 * make it; two agents that each merge cleanly and change paths and folders apart need no merge).
 * Committed work only; with `countIn` (the config file) each agent's uncommitted files that its
 * branch could take (in its scope or shared) are counted. Merges come from the cache where the same
 * commits were merged before.
 */
export async function forecastConflicts(mainRoot: string, commonDir: string, config: Config, countIn: string | null = null): Promise<Forecast> {
  const baseTip = await baseTipOf(mainRoot, config.base);
  const tips = await liveAgentTips(mainRoot, config);
  const counts = countIn === null ? Promise.resolve(tips.map(() => null)) : uncommittedInScope(config, countIn, commonDir, tips);
  counts.catch(() => undefined);
  const cache = MergeCache.forCommonDir(commonDir);
  const inBase = await cache.inHistoryOf(mainRoot, baseTip, tips.map((t) => ({ ref: `refs/heads/${t.branch}`, tip: t.tip })));
  cache.save();
  const conflicts = await forecastFromTips(mainRoot, commonDir, baseTip, tips.filter((_, i) => !inBase[i]));
  const uncommitted = await counts;
  const agents = tips.map((t, i) => ({ name: t.name, branch: t.branch, inBase: inBase[i]!, uncommitted: uncommitted[i]! }));
  return { base: config.base, baseTip, agents, conflicts };
}

/**
 * Each agent's uncommitted files that its branch could take: those in its scope or shared and not
 * protected (anything else its hooks refuse to commit, so no merge will carry it). Every worktree's
 * git status at once from one sh, each limited to the folders its globs can match: git then looks
 * at those files only, not at the whole tree.
 */
async function uncommittedInScope(config: Config, configFile: string, commonDir: string, tips: readonly AgentTip[]): Promise<number[]> {
  // Glob regexes from the git dir's cache, as status reads them: micromatch loads only for a new glob.
  const globs = PolicyCache.forGitDir(commonDir);
  const prepared = globs.prepare(policyGlobLists(config, configFile));
  const jobs = tips.map((t) => {
    const prefixes = globPrefixes([...config.agents[t.name]!.scope, ...config.shared]);
    return { cwd: t.worktree, args: STATUS_ARGS, paths: prefixes?.map((prefix) => `:(literal)${prefix}`) };
  });
  const statuses = await gitBatch(jobs);
  await prepared;
  globs.save();
  return tips.map((t, i) => {
    const policy = compilePolicy(config, t.name, configFile, globs.toRegex);
    return parseStatusZ(statuses[i] ?? '').filter((change) => policy.reasonAgainst(change.path) === null).length;
  });
}

/**
 * The forecast for these agents' tips (none of them in base already): each against base, then each
 * pair, the second merged after the first. status calls it with what it read already.
 */
export async function forecastFromTips(mainRoot: string, commonDir: string, baseTip: string, tips: readonly { name: string; tip: string }[]): Promise<ForecastConflict[]> {
  const cache = MergeCache.forCommonDir(commonDir);
  const conflicts: ForecastConflict[] = [];
  try {
    const sorted = [...tips].sort((a, b) => (a.name < b.name ? -1 : 1));
    const withBase = await cache.mergeAll(mainRoot, sorted.map((tip) => [baseTip, tip.tip] as const));
    // each clean merge into base as a commit, as the queue would make it: one git process for them all
    const cleanTips = sorted.filter((_, i) => withBase[i]!.clean);
    const commits = await cache.commitAll(mainRoot, cleanTips.map((tip) => ({ tree: withBase[sorted.indexOf(tip)]!.tree, parents: [baseTip, tip.tip] })));
    const pending = sorted.map((tip, i) => ({ ...tip, withBase: withBase[i]!, merged: withBase[i]!.clean ? commits[cleanTips.indexOf(tip)]! : null }));
    for (const p of pending) if (!p.withBase.clean) conflicts.push({ agents: [p.name, 'base'], files: p.withBase.conflicts });
    // What each clean agent changes on base: a pair whose changes are apart merges as each does alone.
    const clean = pending.filter((p) => p.merged);
    const changed = new Map((await cache.changedPaths(mainRoot, clean.map((p) => [baseTip, p.merged!] as const))).map((paths, i) => [clean[i]!, paths]));
    const pairs: [typeof pending[number], typeof pending[number]][] = [];
    for (let a = 0; a < pending.length; a++) {
      for (let b = a + 1; b < pending.length; b++) {
        const [first, second] = pending[a]!.merged ? [pending[a]!, pending[b]!] : [pending[b]!, pending[a]!];
        if (!first.merged) continue; // both conflict with base already: that is what to fix first
        if (second.merged && pathsApart(changed.get(first)!, changed.get(second)!)) continue;
        pairs.push([first, second]);
      }
    }
    const results = await cache.mergeAll(mainRoot, pairs.map(([first, second]) => [first.merged!, second.tip] as const));
    pairs.forEach(([first, second], k) => {
      if (!results[k]!.clean) conflicts.push({ agents: [first.name, second.name], files: results[k]!.conflicts });
    });
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
  const cache = MergeCache.forCommonDir(commonDir);
  let current = baseTip;
  const steps: QueueStep[] = [];
  try {
    for (const { name, tip } of queue) {
      if (await cache.isAncestor(mainRoot, tip, current)) {
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
