import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { git } from '../git/run.js';
import { branchTip, changeWorktrees, hasUncommittedWork, isAncestor, listLiveWorktrees, revParse } from '../git/worktrees.js';
import { ownedBy, removeTrust } from '../home/trust.js';
import { placeOf } from '../config/agent-places.js';
import { basename } from 'node:path';
import { readManifest } from '../config/manifest-store.js';
import { agentEnvironment } from '../core/ports.js';
import { backupAgent, restoreInstructions } from './backup.js';

export interface RemoveResult {
  exitCode: number;
  lines: string[];
  /** Where the worktree was, for `reset` to recreate it there. */
  worktreePath: string | null;
}

/**
 * Removes agent NAME's worktree and branch. Refuses when that would drop uncommitted work or
 * commits not on base, unless `force`; and always saves the branch tip and any uncommitted work
 * under refs/agent-guard/backup/ first, printing how to restore them.
 */
/** With claims on: release the agent's claim (never failing the command that ran first). */
export async function releaseAfter(mainRoot: string, config: Config, name: string): Promise<string[]> {
  if (!config.claims) return [];
  const { claimsContext, releaseQuietly } = await import('../claims/service.js');
  return releaseQuietly(await claimsContext(mainRoot, (await repoInfo(mainRoot)).gitDir, config), name);
}

export async function removeAgent(mainRoot: string, config: Config, name: string, force: boolean, verb = 'remove', notes?: string): Promise<RemoveResult> {
  const place = placeOf(config, name, await listLiveWorktrees(mainRoot));
  const tip = await branchTip(mainRoot, place.branch);
  const worktree = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
  if (!tip && !worktree) throw new UsageError(`agent-guard: agent "${name}" has no worktree and no branch ${place.branch}; nothing to ${verb}.`);

  const dirty = worktree ? await hasUncommittedWork(worktree) : false;
  const base = (await revParse(mainRoot, config.base)) ?? null;
  const unmerged = tip !== null && (base === null || !(await isAncestor(mainRoot, tip, base)));
  if ((dirty || unmerged) && !force) {
    const what = [dirty && `uncommitted work in ${worktree}`, unmerged && `commits on ${place.branch} that ${config.base} does not have`].filter(Boolean);
    return {
      exitCode: 1,
      lines: [
        `agent-guard: not ${verb === 'reset' ? 'resetting' : 'removing'} agent "${name}": it has ${what.join(' and ')}.`,
        `Merge it first (agent-guard merge ${name}), or run agent-guard ${verb} ${name} --force: everything is saved under refs/agent-guard/backup/${name}/ first.`,
      ],
      worktreePath: worktree,
    };
  }

  const backup = await backupAgent(mainRoot, name, place.branch, worktree, new Date(), notes);
  // the project's teardown (containers, caches) runs once the work is saved, before the folder goes
  const teardown = worktree && config.setup?.teardown.length ? await runTeardown(mainRoot, config, name, worktree) : [];
  // what agent-guard trusted for this worktree goes with it: a later folder at the same path is asked about again
  const untrusted = await removeTrust((await repoInfo(mainRoot)).commonDir, ownedBy(worktree ?? place.worktree?.path ?? ''));
  if (worktree) await changeWorktrees(mainRoot, ['remove', '--force', worktree]);
  if (tip) await git(mainRoot, ['branch', '-D', place.branch]);
  const lines = [...teardown, `Removed agent "${name}": ${[worktree && `worktree ${worktree}`, tip && `branch ${place.branch}`].filter(Boolean).join(' and ')}.`, ...untrusted];
  const restore = restoreInstructions(backup, place.branch);
  if (restore.length) lines.push('Saved first; to get it back:', ...restore);
  lines.push(...(await releaseAfter(mainRoot, config, name)));
  return { exitCode: 0, lines, worktreePath: worktree ?? place.worktree?.path ?? null };
}

/** Runs setup.teardown in the worktree; a failure is a line of the report, never the end of the removal. */
async function runTeardown(mainRoot: string, config: Config, name: string, worktree: string): Promise<string[]> {
  const { runCommands } = await import('../io/setup-run.js');
  const { gitDir } = await repoInfo(worktree);
  const output: string[] = [];
  const env = agentEnvironment(name, basename(mainRoot), readManifest(gitDir)?.ports ?? null);
  const state = await runCommands(config.setup!.teardown, worktree, gitDir, env, { timeout: config.setup!.timeout, show: (text) => output.push(text), what: 'teardown', record: false });
  const shown = output.join('').trimEnd().split('\n');
  if (state.ok) return shown;
  const f = state.failed!;
  return [...shown, `warning: teardown "${f.command}" ${f.timedOut ? `did not finish within ${config.setup!.timeout}` : `failed (exit ${f.code ?? f.signal})`}; the worktree is removed anyway (its work was saved first).`];
}
