import { existsSync } from 'node:fs';
import { loadConfig } from '../config/load.js';
import { readManifest } from '../config/manifest-store.js';
import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { readEvents } from '../events/log.js';
import { CIRCLING_AFTER } from '../core/events.js';
import { sessionTokens } from '../status/tokens.js';
import { listWorktrees, mainWorktree } from '../git/worktrees.js';
import { repoInfo } from '../git/repo.js';
import type { AdoptOptions } from '../lifecycle/adopt.js';
import { removeAgent } from '../lifecycle/remove.js';
import { spawnAgent } from '../lifecycle/spawn.js';
import { assertAgentName, placeOf } from '../config/agent-places.js';
import { runSetup } from './spawn.js';
import { writeStdout } from '../io/stdout.js';

type Result = { exitCode: number; output: string };
const done = (exitCode: number, lines: string[]): Result => ({ exitCode, output: lines.join('\n') + '\n' });

async function context(cwd: string) {
  const mainRoot = await mainWorktree((await repoInfo(cwd)).root);
  return { mainRoot, loaded: await loadConfig(mainRoot) };
}

export async function remove(cwd: string, name: string, force: boolean): Promise<Result> {
  assertAgentName(name);
  const { mainRoot, loaded } = await context(cwd);
  const result = await removeAgent(mainRoot, loaded.config, name, force);
  return done(result.exitCode, result.lines);
}

/**
 * Kill and restart: the agent's worktree and branch start again from base (old ones backed up).
 * With `task`, the restart gets the sharper task; the old task and the session's refusals are kept
 * in the backup and shown, so the better prompt can be written from what went wrong.
 */
export async function reset(cwd: string, name: string, force: boolean, task?: string): Promise<Result> {
  assertAgentName(name);
  if (task !== undefined && task.trim() === '') throw new UsageError("agent-guard reset: --task needs the new task's text, e.g. --task 'Make processOrder async; touch only src/orders/'.");
  const { mainRoot, loaded } = await context(cwd);
  const session = await sessionNotes(mainRoot, loaded.config, name);
  const removed = await removeAgent(mainRoot, loaded.config, name, force, 'reset', session.notes);
  if (removed.exitCode !== 0) return done(removed.exitCode, removed.lines);
  const spawned = await spawnAgent(mainRoot, { name, allowOverlap: true, ...(task !== undefined && { task }), ...(removed.worktreePath && { path: removed.worktreePath }) });
  writeStdout([...removed.lines, ...session.lines, ...spawned.lines].join('\n') + '\n');
  return runSetup(spawned, name);
}

/** What the session being thrown away was asked to do and what it was refused, for the backup and the screen. */
async function sessionNotes(mainRoot: string, config: Config, name: string): Promise<{ notes: string; lines: string[] }> {
  const worktree = placeOf(config, name, await listWorktrees(mainRoot)).worktree;
  const gitDir = worktree && !worktree.prunable ? (await repoInfo(worktree.path)).gitDir : null;
  const manifest = gitDir ? readManifest(gitDir) : null;
  const task = manifest?.task ?? config.agents[name]?.task ?? null;
  const { events } = gitDir ? readEvents(gitDir) : { events: [] };
  const record = gitDir ? sessionTokens(gitDir) : null;
  const lines = [`The old session's task: ${task ?? '(none given)'}`, `Its refusals: ${events.length}`];
  for (const e of events.slice(-5)) lines.push(`  ${e.at}  ${e.source}  ${e.kind}  ${e.command ?? e.paths.join(', ')}`);
  // what the sessions themselves said: the corrections it needed and what kept failing
  const failingAgain = record ? Object.entries(record.failures).filter(([, n]) => n >= CIRCLING_AFTER).sort((a, b) => b[1] - a[1]) : [];
  if (record) lines.push(`Its corrections (prompts after the first): ${record.corrections}`);
  for (const [what, n] of failingAgain.slice(0, 5)) lines.push(`  failed ${n} times: ${what}`);
  const sessions = record && { tokens: record.tokens, corrections: record.corrections, failingAgain: Object.fromEntries(failingAgain) };
  return { notes: JSON.stringify({ agent: name, task, refusals: events, ...(sessions && { sessions }) }, null, 2) + '\n', lines };
}

export async function merge(cwd: string, names: string[], verifyFlag: string | undefined, { dryRun = false, all = false, prune = false } = {}): Promise<Result> {
  const { mainRoot, loaded } = await context(cwd);
  const { mergeAgents } = await import('../lifecycle/merge.js');
  const result = await mergeAgents(mainRoot, loaded.config, names, { verify: verifyFlag ?? loaded.config.verify ?? null, dryRun, all, prune });
  return done(result.exitCode, result.lines);
}

export async function sync(cwd: string, name: string): Promise<Result> {
  const { mainRoot, loaded } = await context(cwd);
  const { syncAgent } = await import('../lifecycle/sync.js');
  const result = await syncAgent(mainRoot, loaded.config, name);
  return done(result.exitCode, result.lines);
}

export async function prune(cwd: string, dryRun: boolean, mergedOnly = false): Promise<Result> {
  const { mainRoot, loaded } = await context(cwd);
  const { pruneAgents } = await import('../lifecycle/prune.js');
  const result = await pruneAgents(mainRoot, loaded.config, dryRun, mergedOnly);
  return done(result.exitCode, result.lines);
}

export async function adopt(cwd: string, opts: AdoptOptions): Promise<Result> {
  // From the main worktree, the worktree itself, or outside the repository with PATH given.
  const here = await repoInfo(cwd).catch((err: unknown) => (existsSync(opts.path) ? repoInfo(opts.path) : Promise.reject(err)));
  const mainRoot = await mainWorktree(here.root);
  const { adoptWorktree } = await import('../lifecycle/adopt.js');
  const result = await adoptWorktree(mainRoot, opts);
  return done(result.exitCode, result.lines);
}
