import type { Config } from '../core/config.js';
import { readManifest } from '../config/manifest-store.js';
import { repoInfo } from '../git/repo.js';
import { branchTip, hasUncommittedWork, isAncestor, listLiveWorktrees, listWorktrees, revParse } from '../git/worktrees.js';
import { isMergedAgent } from '../status/merged.js';
import { orphanNames, placeOf } from '../config/agent-places.js';
import { removeAgent } from './remove.js';
import { diskUsage, humanBytes } from '../io/disk-usage.js';

/** Removes the worktrees of agents merged into base or gone from the config, backing up first as `remove` does. */
export async function pruneAgents(mainRoot: string, config: Config, dryRun: boolean, mergedOnly = false): Promise<{ exitCode: number; lines: string[] }> {
  const worktrees = dryRun ? await listWorktrees(mainRoot) : await listLiveWorktrees(mainRoot);
  const baseTip = await revParse(mainRoot, config.base);
  const lines: string[] = [];
  const orphans = new Set(mergedOnly ? [] : orphanNames(config, worktrees));
  let freed = 0;
  let count = 0;
  for (const name of [...Object.keys(config.agents), ...orphans]) {
    const place = placeOf(config, name, worktrees);
    if (!place.worktree || place.worktree.prunable) continue;
    const tip = await branchTip(mainRoot, place.branch);
    const manifest = readManifest((await repoInfo(place.worktree.path)).gitDir);
    const merged = isMergedAgent(tip, manifest, tip !== null && baseTip !== null && (await isAncestor(mainRoot, tip, baseTip)));
    if (!merged && !orphans.has(name)) continue;
    const why = orphans.has(name) ? 'not in the config' : `merged into ${config.base}`;
    if (await hasUncommittedWork(place.worktree.path)) {
      lines.push(`${name}: ${why}, but ${place.worktree.path} has uncommitted work; kept (agent-guard remove ${name} --force backs it up and removes it).`);
      continue;
    }
    // what the worktree holds on disk, ignored files (node_modules, builds) included: what removing it frees
    const size = diskUsage(place.worktree.path);
    freed += size;
    count++;
    if (dryRun) {
      lines.push(`${name}: ${why}; would remove ${place.worktree.path} (${humanBytes(size)})`);
      continue;
    }
    const removed = await removeAgent(mainRoot, config, name, true);
    lines.push(`${name}: ${why}.`, ...removed.lines);
  }
  if (lines.length === 0) lines.push(mergedOnly ? 'No merged agent has a worktree left.' : 'Nothing to prune.');
  else if (count > 0) lines.push('', `${dryRun ? 'Would free' : 'Freed'} ${humanBytes(freed)} (${count} worktree${count === 1 ? '' : 's'}).`);
  return { exitCode: 0, lines };
}
