import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import { micromatchRegex } from '../core/glob-regex.js';
import { applyManifest, readManifest } from '../core/manifest.js';
import { compilePolicy, evaluate, type Change, type Violation } from '../core/policy.js';
import { commitChanges } from '../git/changes.js';
import { repoInfo } from '../git/repo.js';
import { branchCommits, branchTips, listWorktrees, revParse, uncommittedChanges, type Worktree } from '../git/worktrees.js';
import { orphanNames, placeOf } from '../lifecycle/agents.js';

export interface AgentStatus {
  name: string;
  branch: string;
  worktree: string | null;
  /** The worktree is registered but its folder is gone. */
  missing: boolean;
  scope: string[];
  ahead: number;
  behind: number;
  changed: string[];
  violations: Violation[];
  overlaps: { agent: string; paths: string[] }[];
  lastActivity: string | null;
  /** The branch is fully merged into base (prune removes it). */
  merged: boolean;
  /** The agent is no longer in the config (prune removes it). */
  orphan: boolean;
}

export interface StatusReport {
  base: string;
  agents: AgentStatus[];
}

/** Everything `status` shows, for every agent in the config and every orphaned agent worktree. */
export async function collectStatus(mainRoot: string, config: Config, configFile: string, worktrees?: Worktree[]): Promise<StatusReport> {
  worktrees ??= await listWorktrees(mainRoot);
  const names = [...Object.keys(config.agents), ...orphanNames(config, worktrees)];
  // `git status` in each worktree is the slow part (it stats every tracked file): start them all first.
  const uncommitted = new Map(
    names.map((name) => {
      const wt = placeOf(config, name, worktrees!).worktree;
      const load = wt && !wt.prunable ? uncommittedChanges(wt.path) : Promise.resolve([]);
      load.catch(() => undefined); // awaited below; this only stops an early failure from counting as unhandled
      return [name, load] as const;
    }),
  );
  const [baseTip, tips] = await Promise.all([revParse(mainRoot, config.base), branchTips(mainRoot, config.branchPrefix)]);
  const histories = await Promise.all(names.map((name) => history(mainRoot, baseTip, tips.get(placeOf(config, name, worktrees).branch) ?? null)));
  // One diff-tree process for every agent's commits, not one per agent.
  const changes = await commitChanges(mainRoot, histories.flatMap((h) => h.commits.map((c) => c.sha)));
  const byCommit = new Map<string, Change[]>();
  for (const change of changes) {
    if (!byCommit.has(change.commit!)) byCommit.set(change.commit!, []);
    byCommit.get(change.commit!)!.push(change);
  }
  const agents = await Promise.all(
    names.map((name, i) => agentStatus(config, configFile, name, worktrees!, histories[i]!, byCommit, uncommitted.get(name)!)),
  );
  markOverlaps(agents);
  return { base: config.base, agents };
}

interface History {
  tip: string | null;
  commits: { sha: string; time: number }[];
  behind: number;
}

async function history(root: string, baseTip: string | null, tip: string | null): Promise<History> {
  if (!tip || !baseTip) return { tip, commits: [], behind: 0 };
  return { tip, ...(await branchCommits(root, baseTip, tip)) };
}

async function agentStatus(
  config: Config,
  configFile: string,
  name: string,
  worktrees: Worktree[],
  { tip, commits, behind }: History,
  byCommit: Map<string, Change[]>,
  uncommittedLoad: Promise<Change[]>,
): Promise<AgentStatus> {
  const place = placeOf(config, name, worktrees);
  const live = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
  const manifest = live ? readManifest((await repoInfo(live)).gitDir) : null;
  const orphan = !(name in config.agents);
  const effective = applyManifest(config, manifest);
  const scope = effective.agents[name]?.scope ?? [];

  const committed = commits.flatMap((c) => byCommit.get(c.sha) ?? []);
  const ahead = commits.length;
  const lastCommit = commits.length ? commits[commits.length - 1]!.time : null;
  const merged = Boolean(tip && manifest && tip !== manifest.forkPoint && ahead === 0);
  const uncommitted = await uncommittedLoad;
  const changed = [...new Set([...committed, ...uncommitted].flatMap((c) => (c.oldPath ? [c.oldPath, c.path] : [c.path])))].sort();
  const violations = orphan ? [] : evaluate(compilePolicy(effective, name, configFile, micromatchRegex), [...committed, ...uncommitted]).violations;

  return {
    name,
    branch: place.branch,
    worktree: place.worktree?.path ?? null,
    missing: place.worktree?.prunable ?? false,
    scope,
    ahead,
    behind,
    changed,
    violations,
    overlaps: [],
    lastActivity: lastActivity(lastCommit, live, uncommitted),
    merged,
    orphan,
  };
}

/** The newer of the branch's last own commit and the last modification of an uncommitted file. */
function lastActivity(lastCommit: number | null, worktree: string | null, uncommitted: Change[]): string | null {
  const times = lastCommit === null ? [] : [lastCommit];
  for (const change of worktree ? uncommitted : []) {
    try {
      times.push(statSync(join(worktree!, change.path)).mtimeMs);
    } catch {
      // deleted files have no time
    }
  }
  return times.length ? new Date(Math.max(...times)).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** Files two agents have both changed: tomorrow's merge conflicts. */
function markOverlaps(agents: AgentStatus[]): void {
  for (const a of agents) {
    const mine = new Set(a.changed);
    for (const b of agents) {
      if (a === b) continue;
      const paths = b.changed.filter((p) => mine.has(p));
      if (paths.length) a.overlaps.push({ agent: b.name, paths });
    }
  }
}
