import { existsSync, realpathSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { claimFirst, equipWorktree, prepareAgent, updateConfig, type SpawnOptions } from './spawn.js';
import { copyIncludedFiles, copyLines } from './include-files.js';

export interface AdoptOptions extends Omit<SpawnOptions, 'base' | 'path'> {
  /** The worktree to adopt (absolute). */
  path: string;
}

/**
 * Registers a worktree some other tool made (git worktree add, claude --worktree, a runner) as
 * agent NAME, exactly as spawn would have set it up, without creating or moving anything.
 */
export async function adoptWorktree(mainRoot: string, opts: AdoptOptions): Promise<{ exitCode: number; lines: string[] }> {
  const path = opts.path;
  if (!existsSync(path)) throw new UsageError(`agent-guard adopt: ${path} does not exist.`);
  const target = await repoInfo(path).catch(() => {
    throw new UsageError(`agent-guard adopt: ${path} is not a git worktree (a bare repository or plain folder cannot be adopted).`);
  });
  const main = await repoInfo(mainRoot);
  if (realpathSync(target.commonDir) !== realpathSync(main.commonDir)) {
    throw new UsageError(`agent-guard adopt: ${path} is a worktree of another repository, not of ${mainRoot}.`);
  }
  if (realpathSync(target.root) === realpathSync(mainRoot)) {
    throw new UsageError('agent-guard adopt: that is the main worktree, the human\'s checkout; adopt a linked worktree (git worktree list shows them).');
  }
  if (target.branch === null) {
    throw new UsageError(`agent-guard adopt: ${target.root} has a detached HEAD; check out a branch there first (agents commit on a branch that merge can take).`);
  }
  const lines: string[] = [];
  const prepared = await prepareAgent(mainRoot, { ...opts, verb: 'adopt' }, lines);
  if ('refused' in prepared) return { exitCode: 1, lines };
  const elsewhere = prepared.place.worktree;
  if (elsewhere && !elsewhere.prunable && realpathSync(elsewhere.path) !== realpathSync(target.root)) {
    throw new UsageError(`agent-guard adopt: agent "${opts.name}" is already at work in ${elsewhere.path}; pick another name, or remove that agent first (agent-guard remove ${opts.name}).`);
  }
  if ((await claimFirst(mainRoot, opts, prepared, target.branch, lines)) !== 0) return { exitCode: 1, lines };
  const loaded = await updateConfig(mainRoot, opts, lines, prepared.current);
  lines.push(`Adopted ${target.root} (branch ${target.branch}) as agent "${opts.name}"; nothing was created or moved.`);
  lines.push(...copyLines(await copyIncludedFiles(mainRoot, target.root, loaded.config.setup?.copy, { keepExisting: true })));
  await equipWorktree(mainRoot, target.root, target.branch, { ...opts, overlapping: prepared.overlapping }, loaded, loaded.config.base, lines);
  return { exitCode: 0, lines };
}
