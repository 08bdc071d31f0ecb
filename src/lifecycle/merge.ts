import { dirname, join } from 'node:path';
import type { Config } from '../core/config.js';
import { dependencyOrder } from '../core/sequence.js';
import { shellQuoteIfNeeded } from '../core/shell-quote.js';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { git, gitOrNull } from '../git/run.js';
import { branchTip, isAncestor, listWorktrees, revParse } from '../git/worktrees.js';
import { leanHookOptions } from '../init/linked-worktrees.js';
import { takeLongLock } from '../io/atomic.js';
import { StopSignals } from '../io/stop-signals.js';
import { renderText } from '../render/text.js';
import { renderQueueForecast } from '../render/conflicts.js';
import { baseTipOf, forecastQueue } from '../conflicts/forecast.js';
import { assertAgentName, defaultWorktreePath, placeOf } from '../config/agent-places.js';
import { checkAgentBranch } from './branch-check.js';
import { copyIncludedFiles } from './include-files.js';
import { finishLanding, land } from '../git/merge-landing.js';
import { createScratch, removeScratch, runVerify, type Scratch } from '../git/merge-scratch.js';
import { trainCandidates, trainOrder } from './merge-train.js';
import { releaseAfter, removeAgent } from './remove.js';
import { runCommands } from '../io/setup-run.js';
import { writeStdout } from '../io/stdout.js';

export interface MergeOptions {
  verify: string | null;
  dryRun?: boolean;
  /** Every agent whose branch holds work base lacks, in the train's order. */
  all?: boolean;
  /** Remove each landed agent's worktree and branch (backed up, as `remove`). */
  prune?: boolean;
}

type Outcome = { exitCode: number; lines: string[] };

/** Times one step is merged again when base moved while its verify ran. */
const BASE_MOVED_RETRIES = 3;

/**
 * A merge queue: for each agent in order, check its branch, merge it onto base in a scratch
 * checkout, run the verify command there, and only then land it (base moves by a compare-and-swap;
 * the checkout that has base follows). The first failure stops the queue with base at the last
 * good merge. Stopped by a signal, it ends between steps the same way; killed outright, the next
 * run finishes what it left.
 */
export async function mergeAgents(mainRoot: string, config: Config, names: string[], options: MergeOptions): Promise<Outcome> {
  names.forEach(assertAgentName);
  if (options.all && names.length) throw new UsageError('agent-guard merge: name the agents or give --all, not both.');
  if (!options.all && !names.length) throw new UsageError('agent-guard merge: name the agents to merge (in order), or give --all for every agent with work to merge.');
  const repo = await repoInfo(mainRoot);
  // a dry run changes nothing: it runs beside a merge in progress
  const lock = options.dryRun ? { release: () => undefined } : takeLongLock(join(repo.commonDir, 'agent-guard', 'merge.lock'));
  if ('holder' in lock) throw new UsageError(`agent-guard merge: another merge of this repository is running (process ${lock.holder}); wait for it to finish.`);
  const stops = new StopSignals(!options.dryRun);
  try {
    return await queue(mainRoot, repo.commonDir, config, names, options, stops);
  } catch (err) {
    if ((await stops.stoppedAfterFailure()) && stops.signal) return { exitCode: StopSignals.exitCode(stops.signal), lines: [`agent-guard merge: stopped by ${stops.signal}. ${config.base} is where the last finished step left it; run the same command again to go on.`] };
    throw err;
  } finally {
    if (!options.dryRun) removeScratch(repo.commonDir);
    stops.dispose();
    lock.release();
  }
}

async function queue(mainRoot: string, commonDir: string, config: Config, names: string[], options: MergeOptions, stops: StopSignals): Promise<Outcome> {
  const base = config.base;
  const lines: string[] = [];
  if (!options.dryRun) lines.push(...removeScratch(commonDir), ...(await finishLanding(commonDir)));
  let ordered = dependencyOrder(config, names);
  if (options.all) {
    const baseTip = await baseTipOf(mainRoot, base);
    const candidates = await trainCandidates(mainRoot, commonDir, config, baseTip);
    if (!candidates.length) return { exitCode: 0, lines: [...lines, `Nothing to merge: every agent's branch is in ${base}.`] };
    ordered = await trainOrder(mainRoot, commonDir, config, baseTip, candidates);
    lines.push(`The train: ${ordered.join(', ')}.`);
  } else if (ordered.join(' ') !== names.join(' ')) lines.push(`Merging in dependency order: ${ordered.join(', ')}.`);

  const forecast = await forecastTheQueue(mainRoot, commonDir, config, ordered);
  // a train goes as far as it cleanly can; a queue named by hand merges nothing unless all of it can
  if (options.dryRun || (!forecast.clean && !options.all)) return { exitCode: forecast.clean ? 0 : 1, lines: [...lines, ...forecast.lines] };

  const checkout = (await listWorktrees(mainRoot)).find((w) => w.branch === base && !w.prunable)?.path ?? null;
  if (checkout) {
    const dirty = (await git(checkout, ['status', '--porcelain', '--untracked-files=no'])).trim();
    if (dirty) throw new UsageError(`agent-guard merge: ${checkout} has ${base} checked out with uncommitted changes; commit or stash them first (its files follow each merge):\n${dirty}`);
  } else {
    lines.push(`No checkout has ${base} checked out: only the branch moves.`);
  }

  const hooks = leanHookOptions(commonDir);
  const scratchTree = join(dirname(defaultWorktreePath(config, mainRoot, 'agent')), '.merge');
  let scratch: Scratch | null = null;
  const interrupted = (): Outcome | null =>
    stops.signal && {
      exitCode: StopSignals.exitCode(stops.signal),
      lines: [...lines, `agent-guard merge: stopped by ${stops.signal}; ${base} is at the last step that passed. Run the same command again to go on: agent-guard merge ${options.all ? '--all' : ordered.join(' ')}`],
    };

  for (const name of ordered) {
    const worktrees = await listWorktrees(mainRoot);
    const place = placeOf(config, name, worktrees);
    const tip = await branchTip(mainRoot, place.branch);
    if (!tip) return stop(lines, 2, `agent-guard merge: agent "${name}" has no branch ${place.branch}.`);
    let attempt = 0;
    for (;;) {
      const baseTip = (await revParse(mainRoot, base))!;
      for (const other of config.agents[name]?.after ?? []) {
        const otherTip = await branchTip(mainRoot, placeOf(config, other, worktrees).branch);
        if (otherTip && !(await isAncestor(mainRoot, otherTip, baseTip))) {
          return stop(lines, 1, `agent-guard merge: "${name}" builds on "${other}", which is not merged into ${base} yet. Merge it first: agent-guard merge ${other} ${name}. ${base} was not changed by "${name}".`);
        }
      }
      if (await isAncestor(mainRoot, tip, baseTip)) {
        lines.push(`${name}: already in ${base}, nothing to merge.`);
        break;
      }
      const worktree = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
      if (attempt === 0) {
        const report = await checkAgentBranch(mainRoot, base, name, tip, worktree);
        if (!report.verdict.ok) {
          // the steps are git commands for the agent's branch, not for this checkout
          const where = worktree ? `in its worktree (cd ${shellQuoteIfNeeded(worktree)})` : `with its branch ${place.branch} checked out`;
          return stop(lines, 1, renderText(report).trimEnd(), `Merge queue stopped at "${name}": ${base} was not changed by it. The steps above are for "${name}": run them ${where}.`);
        }
      }
      if (!scratch) {
        scratch = await createScratch(commonDir, scratchTree, baseTip);
        if (options.verify) {
          const ready = await readyForVerify(mainRoot, scratch, config);
          if (ready) return stop(lines, 1, ready);
        }
      } else {
        await git(scratch.tree, ['reset', '-q', '--hard', baseTip]);
      }
      const stopped = interrupted();
      if (stopped) return stopped;

      const merged = await gitOrNull(scratch.tree, [...hooks, 'merge', '--no-ff', '--no-edit', '-m', `Merge agent ${name} (${place.branch})`, tip]);
      if (stops.signal || (merged === null && (await stops.stoppedAfterFailure()))) return interrupted()!;
      if (merged === null) {
        const conflicts = (await git(scratch.tree, ['diff', '--name-only', '--diff-filter=U'])).trim().split('\n').filter(Boolean);
        return stop(lines, 1, `Merge queue stopped at "${name}": it conflicts with ${base} in ${conflicts.join(', ') || 'some files'}. ${base} is at the last good merge (${baseTip.slice(0, 12)}).`,
          `Run agent-guard sync ${name}, resolve the conflicts in its worktree, then merge again.`);
      }
      if (options.verify) {
        lines.push(`${name}: merged in the scratch checkout; running verify: ${options.verify}`);
        flush(lines);
        const result = await runVerify(scratch, options.verify, {}, (kill) => stops.onStop(kill));
        if (stops.signal || (result.code !== 0 && (await stops.stoppedAfterFailure()))) return interrupted()!;
        if (result.code !== 0) return stop(lines, 1, `Merge queue stopped at "${name}": verify failed (${result.code === null ? result.signal : `exit ${result.code}`}). ${base} stays at ${baseTip.slice(0, 12)}, the last good merge.`);
      }
      const mergedTip = (await git(scratch.tree, ['rev-parse', 'HEAD'])).trim();
      const following = (await listWorktrees(mainRoot)).find((w) => w.branch === base && !w.prunable)?.path ?? null;
      const landed = await land(commonDir, { agent: name, root: mainRoot, ref: `refs/heads/${base}`, from: baseTip, to: mergedTip, checkout: following });
      if (landed.ok) {
        lines.push(`${name}: merged into ${base} (${mergedTip.slice(0, 12)}).`);
        break;
      }
      if (landed.why === 'checkout-changed') {
        return stop(lines, 1, `Merge queue stopped at "${name}": ${following} has changes in files this merge changes (${landed.detail}). ${base} is at the last good merge; commit or stash them and run the same command again.`);
      }
      if (++attempt > BASE_MOVED_RETRIES) return stop(lines, 1, `Merge queue stopped at "${name}": ${base} kept moving while it was verified. Run the same command again.`);
      lines.push(`${name}: ${base} moved while it was verified; merging it again onto the new ${base}.`);
    }
    lines.push(...(await releaseAfter(mainRoot, config, name)));
    if (options.prune) lines.push(...(await pruneLanded(mainRoot, config, name)));
    const stopped = interrupted();
    if (stopped) return stopped;
  }
  lines.push(`Merge queue done: ${ordered.join(', ')}. agent-guard sync the agents still at work to bring them up to date.`);
  return { exitCode: 0, lines };
}

/** The scratch checkout gets what a new agent worktree gets (ignored files copied, setup run), so verify finds its tools; a failure says why. */
async function readyForVerify(mainRoot: string, scratch: Scratch, config: Config): Promise<string | null> {
  await copyIncludedFiles(mainRoot, scratch.tree, config.setup?.copy ?? []);
  const commands = config.setup?.run ?? [];
  if (!commands.length) return null;
  const state = await runCommands(commands, scratch.tree, scratch.gitDir, {}, { timeout: config.setup!.timeout, show: writeStdout, what: 'setup', record: false });
  if (state.ok) return null;
  return `Merge queue stopped before merging: setup "${state.failed!.command}" failed in the scratch checkout (${state.failed!.timedOut ? 'timed out' : `exit ${state.failed!.code ?? state.failed!.signal}`}), so verify could not run. ${config.base} was not changed.`;
}

async function pruneLanded(mainRoot: string, config: Config, name: string): Promise<string[]> {
  const removed = await removeAgent(mainRoot, config, name, false);
  return removed.exitCode === 0 ? removed.lines : [`${name}: landed, but its worktree stays: ${removed.lines.join(' ')}`];
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

function stop(lines: string[], exitCode: number, ...why: string[]): Outcome {
  return { exitCode, lines: [...lines, ...why] };
}

/** Prints what is queued so far, so it shows before the verify command's own output. */
function flush(lines: string[]): void {
  writeStdout(lines.splice(0).join('\n') + '\n');
}
