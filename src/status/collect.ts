import { statSync } from 'node:fs';
import { join } from 'node:path';
import { agentFromBranch } from '../core/branches.js';
import { subagentOf } from '../core/identity.js';
import { agentFlags, eventsBySubagent, parseDuration, summarizeRefusals, type Flag, type RefusalEvent, type RefusalSummary } from '../core/events.js';
import { readEvents } from '../events/log.js';
import type { Config } from '../core/config.js';
import { readManifest } from '../config/manifest-store.js';
import { applyManifest } from '../core/manifest.js';
import type { Claim } from '../core/claims.js';
import type { Manifest } from '../core/manifest.js';
import { predecessors } from '../core/sequence.js';
import { compilePolicy, evaluate, policyGlobLists, type Change, type Violation } from '../core/policy.js';
import type { GlobToRegex } from '../core/scope.js';
import { PolicyCache } from '../config/policy-cache.js';
import { commonGitDir } from '../git/fs-refs.js';
import { commitChanges } from '../git/changes.js';
import { repoInfo } from '../git/repo.js';
import { gitBatch } from '../git/batch.js';
import { parseBranchLog, parseStatusZ } from '../git/parse.js';
import { branchLogArgs, branchTips, listWorktrees, revParse, STATUS_ARGS, type Worktree } from '../git/worktrees.js';
import { manifestAgentOf, orphanNames, placeOf, type AgentPlace } from '../config/agent-places.js';
import type { ForecastConflict } from '../conflicts/forecast.js';
import { UsageError } from '../core/errors.js';
import { isMergedAgent } from './merged.js';
import { readSetupState } from '../io/setup-run.js';
import { agentState, type AgentState } from './attention.js';
import { circlingFailure, sessionTokens, type Tokens } from './tokens.js';
import { costOf, effectivePrices } from './prices.js';
import { budgetStopFor, overBudget, syncBudgetStop } from './budget.js';
import { RESTART_AFTER_CORRECTIONS } from './session-signals.js';
import { CIRCLING_AFTER } from '../core/events.js';
import { HistoryCache } from './history-cache.js';
import { configGlobOverlaps, type GlobVerdict } from '../core/glob-overlap.js';
import { inSequence } from '../core/sequence.js';
import { OverlapCache } from '../config/overlap-cache.js';

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
  /** Bytes the worktree takes on disk (status --disk only). */
  disk?: number;
  /** Working, waiting for the human, or idle (its client's last attention event). */
  state: AgentState;
  /** Tokens its sessions used (Claude Code's transcripts), where any session is known. */
  tokens?: Tokens;
  /** Their cost in USD at the config's prices (null: a model without a price). */
  cost?: number | null;
  /** Its block of ports (from its manifest), or null. */
  ports: { from: number; size: number } | null;
  /** The human's prompts after each session's first (RESTART? at three). */
  corrections?: number;
  /** The failing command or test its sessions ran three times or more (`command: …`, `test: …`). */
  failingAgain?: string;
  /** What it spent past its budget, in words. */
  overBudget?: string;
  /** What could not be read of its transcripts. */
  unreadableTranscripts?: string[];
  /** The agent is no longer in the config (prune removes it). */
  orphan: boolean;
  /** The agents this one builds on (`after`). */
  after: string[];
  refusals: RefusalSummary;
  /** Lines of the refusal log that could not be read. */
  unreadableEvents: number;
  lastChange: string | null;
  flags: Flag[];
}

export interface UnguardedWorktree {
  path: string;
  branch: string | null;
  changed: string[];
}

export interface StatusReport {
  base: string;
  /** The conflict forecast of the live agents' committed work (conflicts.ts). */
  conflicts: ForecastConflict[];
  /** Why the forecast is left out (git older than 2.38), or null. */
  forecastNote: string | null;
  agents: AgentStatus[];
  unguarded: UnguardedWorktree[];
  /** Other clones' claims, as last fetched from the claims remote. */
  claims: Claim[];
  /** Live agents (not in one `after` chain) whose globs can both match a path not yet written. */
  globOverlaps: GlobVerdict[];
}

/** Everything `status` shows, for every agent in the config and every orphaned agent worktree. */
export async function collectStatus(mainRoot: string, config: Config, configFile: string, worktrees?: Worktree[]): Promise<StatusReport> {
  worktrees ??= await listWorktrees(mainRoot);
  const names = [...Object.keys(config.agents), ...orphanNames(config, worktrees)];
  const places = names.map((name) => placeOf(config, name, worktrees!));
  const unguarded = unguardedWorktrees(config, worktrees, places);
  // `git status` in every worktree is the slow part (it stats every tracked file): start them first,
  // all from one process.
  const live = [...places.map((p) => (p.worktree && !p.worktree.prunable ? p.worktree.path : null)), ...unguarded.map((w) => w.path)];
  const statuses = gitBatch(live.filter((w): w is string => w !== null).map((cwd) => ({ cwd, args: STATUS_ARGS })));
  statuses.catch(() => undefined); // awaited below; this only stops an early failure from counting as unhandled
  const [baseTip, tips] = await Promise.all([revParse(mainRoot, config.base), branchTips(mainRoot, [...new Set(places.map((p) => p.branch))])]);
  // An agent that builds on others (`after`) started from their branch: their commits are not its own.
  const builtOn = names.map((name) => predecessors(config, name).flatMap((other) => tips.get(placeOf(config, other, worktrees!).branch) ?? []));
  const mainGitDir = (await repoInfo(mainRoot)).gitDir;
  const history = HistoryCache.forCommonDir(commonGitDir(mainGitDir));
  const histories = await branchHistories(mainRoot, baseTip, [...places.map((p) => tips.get(p.branch) ?? null), ...unguarded.map((w) => w.head)], builtOn, history);
  const byCommit = await changesByCommit(mainRoot, histories.flatMap((h) => h.commits.map((c) => c.sha)), history);
  history.save();
  const statusOutputs = await statuses;
  let next = 0;
  const uncommitted = live.map((w) => (w === null ? [] : parseStatusZ(statusOutputs[next++] ?? '')));
  const sessions = await Promise.all(places.map((place) => sessionOf(place, config)));
  withSubagentRefusals(config, sessions, names, mainGitDir);
  // Glob regexes from the main git dir's cache: micromatch loads only for a glob not seen before.
  const cache = PolicyCache.forGitDir(commonGitDir(mainGitDir));
  await cache.prepare([...policyGlobLists(config, configFile), ...sessions.map((s) => s.manifest?.scope ?? [])]);
  const agents = names.map((name, i) => agentStatus(config, configFile, name, places[i]!, sessions[i]!, histories[i]!, byCommit, uncommitted[i]!, cache.toRegex));
  cache.save();
  markOverlaps(agents);
  const unguardedStatus = unguarded.map((w, k) => {
    const i = places.length + k;
    const committed = histories[i]!.commits.flatMap((c) => byCommit.get(c.sha) ?? []);
    return { path: w.path, branch: w.branch, changed: changedPaths([...committed, ...uncommitted[i]!]) };
  });
  const claims = config.claims ? await (await import('../claims/service.js')).knownForeignClaims(mainRoot, (await repoInfo(mainRoot)).gitDir, config) : [];
  const { conflicts, forecastNote } = await forecast(mainRoot, baseTip, agents, places, histories);
  const liveNames = names.filter((name, i) => name in config.agents && places[i]!.worktree !== null && !places[i]!.worktree!.prunable);
  const memo = OverlapCache.forCommonDir(commonGitDir(mainGitDir));
  const globOverlaps = configGlobOverlaps(config, configFile, cache.toRegex, liveNames, undefined, memo).filter((o) => !inSequence(config, o.agents[0], o.agents[1]));
  memo.save();
  return { base: config.base, conflicts, forecastNote, agents, unguarded: unguardedStatus, claims, globOverlaps };
}

/** The conflict forecast for the agents with a live worktree and commits not in base; their CONFLICTS flag. */
async function forecast(mainRoot: string, baseTip: string | null, agents: AgentStatus[], places: AgentPlace[], histories: History[]): Promise<Pick<StatusReport, 'conflicts' | 'forecastNote'>> {
  if (baseTip === null) return { conflicts: [], forecastNote: null };
  const tips = agents.flatMap((a, i) => (places[i]!.worktree && !places[i]!.worktree!.prunable && histories[i]!.tip && !histories[i]!.inBase && !a.merged ? [{ name: a.name, tip: histories[i]!.tip! }] : []));
  if (tips.length === 0) return { conflicts: [], forecastNote: null };
  const { forecastFromTips } = await import('../conflicts/forecast.js');
  try {
    const conflicts = await forecastFromTips(mainRoot, commonGitDir((await repoInfo(mainRoot)).gitDir), baseTip, tips);
    for (const name of new Set(conflicts.flatMap((c) => c.agents))) agents.find((a) => a.name === name)?.flags.push('CONFLICTS');
    return { conflicts, forecastNote: null };
  } catch (err) {
    if (err instanceof UsageError) return { conflicts: [], forecastNote: err.message.replace(/^agent-guard: /, '') };
    throw err;
  }
}

/**
 * Linked worktrees in which no agent identity applies (no manifest, a branch no pattern fits):
 * whatever runs there commits unscoped, which is what a human must see at a glance.
 */
function unguardedWorktrees(config: Config, worktrees: Worktree[], places: AgentPlace[]): Worktree[] {
  const placed = new Set(places.map((p) => p.worktree?.path));
  return worktrees.filter(
    (w, i) => i > 0 && !w.prunable && !w.bare && !placed.has(w.path) && agentFromBranch(config.branches, w.branch) === null && manifestAgentOf(w.path) === null,
  );
}

function changedPaths(changes: Change[]): string[] {
  return [...new Set(changes.flatMap((c) => (c.oldPath ? [c.oldPath, c.path] : [c.path])))].sort();
}

interface History {
  tip: string | null;
  commits: { sha: string; time: number }[];
  behind: number;
  /** Base contains the tip (nothing ahead), as far as the log could tell. */
  inBase: boolean;
}

async function branchHistories(root: string, baseTip: string | null, tips: (string | null)[], excludes: string[][], cache: HistoryCache): Promise<History[]> {
  // A branch still at base's tip has no commits of its own and lacks none: no log to run. A log of
  // the same base tip, tip and exclusions is the same: from the cache.
  const wanted = baseTip ? tips.map((tip, i) => ({ tip, i, args: branchLogArgs(baseTip, tip ?? '', excludes[i] ?? []) })).filter((x): x is { tip: string; i: number; args: string[] } => x.tip !== null && x.tip !== baseTip) : [];
  const missing = wanted.filter((w) => cache.log(w.args.join(' ')) === undefined);
  const fresh = await gitBatch(missing.map((w) => ({ cwd: root, args: w.args })));
  missing.forEach((w, k) => {
    if (fresh[k] !== null) cache.rememberLog(w.args.join(' '), fresh[k]!);
  });
  const histories: History[] = tips.map((tip) => ({ tip, commits: [], behind: 0, inBase: tip !== null && tip === baseTip }));
  for (const { tip, i, args } of wanted) {
    const output = cache.log(args.join(' ')) ?? null;
    const log = parseBranchLog(output ?? '');
    histories[i] = { tip, ...log, inBase: output !== null && log.commits.length === 0 };
  }
  return histories;
}

/** The changes of each commit: the ones not known yet from one diff-tree process for them all. */
async function changesByCommit(root: string, commits: string[], cache: HistoryCache): Promise<Map<string, Change[]>> {
  const { known, missing } = cache.changesOf(commits);
  if (missing.length === 0) return known;
  const fresh = groupByCommit(await commitChanges(root, missing));
  cache.rememberChanges(fresh, missing);
  for (const sha of missing) known.set(sha, fresh.get(sha) ?? []);
  return known;
}

function groupByCommit(changes: Change[]): Map<string, Change[]> {
  const byCommit = new Map<string, Change[]>();
  for (const change of changes) {
    if (!byCommit.has(change.commit!)) byCommit.set(change.commit!, []);
    byCommit.get(change.commit!)!.push(change);
  }
  return byCommit;
}

interface Session {
  manifest: Manifest | null;
  events: RefusalEvent[];
  unreadable: number;
  /** The last setup failed (its git dir says so) and has not passed since. */
  setupFailed?: boolean;
  /** Working, waiting for the human, or idle, as its client last said. */
  state?: AgentState;
  /** Its sessions' tokens (null: none known). */
  usage?: ReturnType<typeof sessionTokens>;
}

/**
 * Sub-agents working in the main checkout (the same-directory mode) log their refusals there, each
 * with its Claude Code type: those count for the declared agent the type maps to, as if it had a
 * worktree of its own. (A worktree's own log is already its agent's.)
 */
function withSubagentRefusals(config: Config, sessions: Session[], names: string[], mainGitDir: string): void {
  const byAgent = eventsBySubagent(readEvents(mainGitDir).events, (type) => subagentOf(config, type));
  names.forEach((name, i) => {
    const extra = byAgent.get(name);
    if (!extra) return;
    const session = sessions[i]!;
    session.events = [...session.events, ...extra].sort((a, b) => a.at.localeCompare(b.at));
  });
}

/** What the agent's worktree keeps in its git dir: its manifest and its refusal log. */
async function sessionOf(place: AgentPlace, config: Config): Promise<Session> {
  const live = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
  if (!live) return { manifest: null, events: [], unreadable: 0 };
  const { gitDir } = await repoInfo(live);
  // the guard stops an agent past its budget from this file: kept in step with the config
  syncBudgetStop(gitDir, budgetStopFor(config, place.name));
  return { manifest: readManifest(gitDir), ...readEvents(gitDir), setupFailed: readSetupState(gitDir)?.ok === false, state: agentState(gitDir), usage: sessionTokens(gitDir) };
}

function agentStatus(
  config: Config,
  configFile: string,
  name: string,
  place: AgentPlace,
  { manifest, events, unreadable, setupFailed, state, usage }: Session,
  { tip, commits, behind, inBase }: History,
  byCommit: Map<string, Change[]>,
  uncommitted: Change[],
  toRegex: GlobToRegex,
): AgentStatus {
  const live = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
  const orphan = !(name in config.agents);
  const effective = applyManifest(config, manifest);
  const scope = effective.agents[name]?.scope ?? [];

  const committed = commits.flatMap((c) => byCommit.get(c.sha) ?? []);
  const ahead = commits.length;
  const lastCommit = commits.length ? commits[commits.length - 1]!.time : null;
  const merged = isMergedAgent(tip, manifest, inBase);
  const changed = changedPaths([...committed, ...uncommitted]);
  const violations = orphan ? [] : evaluate(compilePolicy(effective, name, configFile, toRegex), [...committed, ...uncommitted]).violations;
  const now = Date.now();
  const refusals = summarizeRefusals(events, now);
  const lastChange = lastActivity(lastCommit, live, uncommitted);
  const flags = agentFlags(
    {
      violations: violations.length,
      refusals,
      lastChange: lastChange === null ? null : Date.parse(lastChange),
      unfinished: uncommitted.length > 0 || ahead === 0,
      hasWorktree: live !== null,
      stallAfterMs: parseDuration(config.stallAfter) ?? 15 * 60_000,
      startedAt: manifest ? Date.parse(manifest.createdAt) : null,
      merged,
      setupFailed: setupFailed === true,
    },
    now,
  );
  if (state?.state === 'waiting') flags.push('WAITING');
  if (state?.state === 'idle') flags.push('IDLE');
  // the sessions' own record: a command or test failing again and again, the human correcting it
  const failing = usage ? circlingFailure(usage, CIRCLING_AFTER) : null;
  if (failing && !flags.includes('CIRCLING')) flags.push('CIRCLING');
  if (usage && usage.corrections >= RESTART_AFTER_CORRECTIONS) flags.push('RESTART?');
  const cost = usage ? costOf(usage.byModel, effectivePrices(config)) : null;
  const spent = orphan ? null : overBudget(config.agents[name]?.budget, usage?.tokens, cost);
  if (spent) flags.push('OVER-BUDGET');

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
    lastActivity: lastChange,
    merged,
    orphan,
    after: config.agents[name]?.after ?? [],
    refusals,
    unreadableEvents: unreadable,
    lastChange,
    flags,
    state: state ?? { state: 'working', since: null, message: null },
    ports: manifest?.ports ? { from: manifest.ports.from, size: manifest.ports.size } : null,
    ...(usage && { tokens: usage.tokens, cost, corrections: usage.corrections, ...(usage.unreadable.length && { unreadableTranscripts: usage.unreadable }) }),
    ...(failing && { failingAgain: failing }),
    ...(spent && { overBudget: spent }),
  };
}

/** The newer of the branch's last own commit and the last modification of an uncommitted file (to the second). */
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
