import { spawnSync } from 'node:child_process';
import type { Config } from '../core/config.js';
import { dependencyOrder } from '../core/sequence.js';
import { shellQuoteIfNeeded } from '../core/shell-quote.js';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { git, gitOrNull } from '../git/run.js';
import { branchTip, headCommit, isAncestor, listWorktrees, revParse } from '../git/worktrees.js';
import { leanHookOptions } from '../init/linked-worktrees.js';
import { renderText } from '../render/text.js';
import { renderQueueForecast } from '../render/conflicts.js';
import { baseTipOf, forecastQueue } from '../conflicts/forecast.js';
import { assertAgentName, placeOf } from './agents.js';
import { checkAgentBranch } from './branch-check.js';
import { releaseAfter } from './remove.js';
import { writeStdout } from '../io/stdout.js';

/**
 * A merge queue: for each agent in order, check its branch, merge it on a detached HEAD, run the
 * verify command on the result, and only then move base. The first failure stops the queue with
 * base at the last good merge and the main worktree clean, back on base.
 */
export async function mergeAgents(mainRoot: string, config: Config, names: string[], verify: string | null, dryRun = false): Promise<{ exitCode: number; lines: string[] }> {
  names.forEach(assertAgentName);
  const base = config.base;
  const repo = await repoInfo(mainRoot);
  const forecast = await forecastTheQueue(mainRoot, repo.commonDir, config, dependencyOrder(config, names));
  if (dryRun || !forecast.clean) return { exitCode: forecast.clean ? 0 : 1, lines: forecast.lines };
  if (repo.branch !== base) throw new UsageError(`agent-guard merge: the main worktree (${mainRoot}) must have ${base} checked out; it is on ${repo.branch ?? 'a detached HEAD'}.`);
  const dirty = (await git(mainRoot, ['status', '--porcelain', '--untracked-files=no'])).trim();
  if (dirty) throw new UsageError(`agent-guard merge: the main worktree has uncommitted changes; commit or stash them first:\n${dirty}`);

  const worktrees = await listWorktrees(mainRoot);
  const lines: string[] = [];
  const ordered = dependencyOrder(config, names);
  if (ordered.join(' ') !== names.join(' ')) lines.push(`Merging in dependency order: ${ordered.join(', ')}.`);
  let baseTip = (await revParse(mainRoot, base))!;
  const hooks = leanHookOptions(repo.commonDir);
  for (const name of ordered) {
    const place = placeOf(config, name, worktrees);
    const tip = await branchTip(mainRoot, place.branch);
    if (!tip) return stop(lines, 2, `agent-guard merge: agent "${name}" has no branch ${place.branch}.`);
    for (const other of config.agents[name]?.after ?? []) {
      const otherTip = await branchTip(mainRoot, placeOf(config, other, worktrees).branch);
      if (otherTip && !(await isAncestor(mainRoot, otherTip, baseTip))) {
        return stop(lines, 1, `agent-guard merge: "${name}" builds on "${other}", which is not merged into ${base} yet. Merge it first: agent-guard merge ${other} ${name}. ${base} was not changed by "${name}".`);
      }
    }
    if (await isAncestor(mainRoot, tip, baseTip)) {
      lines.push(`${name}: already in ${base}, nothing to merge.`);
      continue;
    }
    const worktree = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
    const report = await checkAgentBranch(mainRoot, base, name, tip, worktree);
    if (!report.verdict.ok) {
      // the steps are git commands for the agent's branch, not for this checkout
      const where = worktree ? `in its worktree (cd ${shellQuoteIfNeeded(worktree)})` : `with its branch ${place.branch} checked out`;
      return stop(lines, 1, renderText(report).trimEnd(), `Merge queue stopped at "${name}": ${base} was not changed by it. The steps above are for "${name}": run them ${where}.`);
    }

    // HEAD moves on its own (detached at base, later back on base): checkout would run the
    // post-checkout hooks twice per agent for a move that changes no file.
    await git(mainRoot, ['update-ref', '--no-deref', '-m', `agent-guard merge: detach for ${name}`, 'HEAD', baseTip]);
    const merged = await gitOrNull(mainRoot, [...hooks, 'merge', '--no-ff', '--no-edit', '-m', `Merge agent ${name} (${place.branch})`, tip]);
    if (merged === null) {
      const conflicts = (await git(mainRoot, ['diff', '--name-only', '--diff-filter=U'])).trim().split('\n').filter(Boolean);
      await git(mainRoot, ['merge', '--abort']);
      await backOnBase(mainRoot, base);
      return stop(lines, 1, `Merge queue stopped at "${name}": it conflicts with ${base} in ${conflicts.join(', ') || 'some files'}. ${base} is unchanged.`,
        `Run agent-guard sync ${name}, resolve the conflicts in its worktree, then merge again.`);
    }
    if (verify) {
      lines.push(`${name}: merged; running verify: ${verify}`);
      flush(lines);
      const result = spawnSync(verify, { cwd: mainRoot, shell: true, stdio: 'inherit' });
      if (result.status !== 0) {
        await git(mainRoot, ['reset', '-q', '--hard', baseTip]);
        await backOnBase(mainRoot, base);
        return stop(lines, 1, `Merge queue stopped at "${name}": verify failed (exit ${result.status}). ${base} stays at ${baseTip.slice(0, 12)}, the last good merge.`);
      }
    }
    const mergedTip = await headCommit(mainRoot);
    await git(mainRoot, ['update-ref', `refs/heads/${base}`, mergedTip, baseTip]);
    await backOnBase(mainRoot, base);
    baseTip = mergedTip;
    lines.push(`${name}: merged into ${base} (${mergedTip.slice(0, 12)}).`);
    lines.push(...(await releaseAfter(mainRoot, config, name)));
  }
  lines.push(`Merge queue done: ${ordered.join(', ')}. agent-guard sync the agents still at work to bring them up to date.`);
  return { exitCode: 0, lines };
}

/**
 * The whole queue forecast before anything merges, each step on the result of the one before (commits
 * no ref points to): a step that would conflict stops it with nothing merged, the files, and the fix
 * — `sync` in that agent's worktree, or an order the forecast finds clean.
 */
async function forecastTheQueue(mainRoot: string, commonDir: string, config: Config, ordered: string[]): Promise<{ clean: boolean; lines: string[] }> {
  const worktrees = await listWorktrees(mainRoot);
  const queue: { name: string; tip: string }[] = [];
  for (const name of ordered) {
    const tip = await branchTip(mainRoot, placeOf(config, name, worktrees).branch);
    if (tip) queue.push({ name, tip }); // no branch: the queue itself says so
  }
  const baseTip = await baseTipOf(mainRoot, config.base);
  const { steps, clean } = await forecastQueue(mainRoot, commonDir, baseTip, queue);
  const lines = [`Forecast of the merge queue into ${config.base} (${baseTip.slice(0, 12)}):`, ...renderQueueForecast(steps, config.base)];
  if (clean) return { clean, lines };
  const stuck = steps.at(-1)!.name;
  lines.push(`Nothing was merged: merging "${stuck}" ${steps.length > 1 ? `after ${steps.slice(0, -1).map((s) => s.name).join(', ')} ` : ''}would conflict.`);
  const orders = [[...queue.filter((q) => q.name !== stuck), queue.find((q) => q.name === stuck)!], [...queue].reverse()];
  for (const order of orders) {
    if (order.map((q) => q.name).join(' ') === queue.map((q) => q.name).join(' ')) continue;
    if (dependencyOrder(config, order.map((q) => q.name)).join(' ') !== order.map((q) => q.name).join(' ')) continue;
    if ((await forecastQueue(mainRoot, commonDir, baseTip, order)).clean) {
      lines.push(`This order merges cleanly: agent-guard merge ${order.map((q) => q.name).join(' ')}`);
      break;
    }
  }
  const place = placeOf(config, stuck, worktrees);
  lines.push(`Or bring the others' work into "${stuck}" once they are merged and resolve it there: agent-guard sync ${stuck}${place.worktree ? ` (then in ${shellQuoteIfNeeded(place.worktree.path)})` : ''}.`);
  return { clean, lines };
}

/** HEAD (detached at base's tip) back on the branch: the files already are base's. */
async function backOnBase(mainRoot: string, base: string): Promise<void> {
  await git(mainRoot, ['symbolic-ref', '-m', 'agent-guard merge: back on base', 'HEAD', `refs/heads/${base}`]);
}

function stop(lines: string[], exitCode: number, ...why: string[]) {
  return { exitCode, lines: [...lines, ...why] };
}

/** Prints what is queued so far, so it shows before the verify command's own output. */
function flush(lines: string[]): void {
  writeStdout(lines.splice(0).join('\n') + '\n');
}
