import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import { micromatchRegex } from '../core/glob-regex.js';
import { applyManifest, readManifest } from '../core/manifest.js';
import { compilePolicy, evaluate, type Change, type Violation } from '../core/policy.js';
import { commitChanges } from '../git/changes.js';
import { repoInfo } from '../git/repo.js';
import { git } from '../git/run.js';
import { aheadBehind, commitTime, diffChanges, listWorktrees, revParse, uncommittedChanges } from '../git/worktrees.js';
import { isMergedAgent } from '../lifecycle/merged.js';
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
export async function collectStatus(mainRoot: string, config: Config, configFile: string): Promise<StatusReport> {
  const worktrees = await listWorktrees(mainRoot);
  const names = [...Object.keys(config.agents), ...orphanNames(config, worktrees)];
  const baseTip = await revParse(mainRoot, config.base);
  const agents = await Promise.all(names.map((name) => agentStatus(mainRoot, config, configFile, name, worktrees, baseTip)));
  markOverlaps(agents);
  return { base: config.base, agents };
}

async function agentStatus(
  mainRoot: string,
  config: Config,
  configFile: string,
  name: string,
  worktrees: Awaited<ReturnType<typeof listWorktrees>>,
  baseTip: string | null,
): Promise<AgentStatus> {
  const place = placeOf(config, name, worktrees);
  const tip = await revParse(mainRoot, `refs/heads/${place.branch}`);
  const live = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
  const manifest = live ? readManifest((await repoInfo(live)).gitDir) : null;
  const orphan = !(name in config.agents);
  const effective = applyManifest(config, manifest);
  const scope = effective.agents[name]?.scope ?? [];

  let committed: Change[] = [];
  let summary: Change[] = [];
  let ahead = 0;
  let behind = 0;
  let merged = false;
  if (tip && baseTip) {
    ({ ahead, behind } = await aheadBehind(mainRoot, baseTip, tip));
    const mergeBase = (await git(mainRoot, ['merge-base', baseTip, tip])).trim();
    const commits = (await git(mainRoot, ['rev-list', '--reverse', `${mergeBase}..${tip}`])).split('\n').filter(Boolean);
    [committed, summary] = await Promise.all([commitChanges(mainRoot, commits), diffChanges(mainRoot, mergeBase, tip)]);
  }
  merged = await isMergedAgent(mainRoot, tip, baseTip, manifest);
  const uncommitted = live ? await uncommittedChanges(live) : [];
  const changed = [...new Set([...summary, ...uncommitted].flatMap((c) => (c.oldPath ? [c.oldPath, c.path] : [c.path])))].sort();
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
    lastActivity: await lastActivity(mainRoot, tip, ahead, live, uncommitted),
    merged,
    orphan,
  };
}

/** The newer of the branch's last own commit and the last modification of an uncommitted file. */
async function lastActivity(root: string, tip: string | null, ahead: number, worktree: string | null, uncommitted: Change[]): Promise<string | null> {
  const times: number[] = [];
  if (tip && ahead > 0) times.push((await commitTime(root, tip)).getTime());
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
