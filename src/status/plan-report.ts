import { loadConfig } from '../config/load.js';
import { micromatchRegex } from '../io/glob-regex.js';
import { scopeOverlaps, unmatchedScopes } from '../core/overlaps.js';
import { chains, inSequence } from '../core/sequence.js';
import { compileScope } from '../core/scope.js';
import { configGlobOverlaps } from '../core/glob-overlap.js';
import { OverlapCache } from '../config/overlap-cache.js';
import { commonGitDir } from '../git/fs-refs.js';
import { repoInfo } from '../git/repo.js';
import { mainWorktree, trackedFiles } from '../git/worktrees.js';
import type { ForecastConflict } from '../conflicts/forecast.js';
import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';

/** What `plan` finds: the config valid, the tracked files two scopes both claim, globs that can meet, chains, other clones' claims, the conflict forecast. */
export type PlanReport = Awaited<ReturnType<typeof planReport>>;

/**
 * Validates the config (a bad one throws, as loading it does) and finds the overlaps `plan` reports
 * (exitCode 1 if any). `known`: the tracked files and the conflict forecast where the caller has them.
 */
export async function planReport(cwd: string, known: { files?: string[]; forecast?: { conflicts: ForecastConflict[]; note: string | null } } = {}) {
  const { root, gitDir } = await repoInfo(cwd);
  const { config, file } = await loadConfig(root);
  const files = known.files ?? (await trackedFiles(root));
  const scopes = new Map(Object.entries(config.agents).map(([name, agent]) => [name, compileScope(agent.scope, micromatchRegex)]));
  // Two agents in one chain (`after`) run one after the other: their overlap is sequenced, not a conflict.
  const all = scopeOverlaps(files, scopes);
  const inChain = (o: (typeof all)[number]) => inSequence(config, o.agents[0], o.agents[1]);
  const overlaps = all.filter((o) => !inChain(o));
  const sequenced = all.filter(inChain);
  const unmatched = unmatchedScopes(files, scopes);
  const sequence = chains(config);
  // Other clones' claims (as last fetched) that claim files of this clone's agents.
  const foreign = config.claims ? await (await import('../claims/service.js')).knownForeignClaims(root, gitDir, config) : [];
  const claimed = foreign.flatMap((claim) => {
    const theirs = compileScope(claim.scope, micromatchRegex);
    return [...scopes].flatMap(([name, mine]) => {
      const paths = files.filter((f) => mine(f) && theirs(f));
      return paths.length && name !== claim.agent ? [{ agent: name, claim: { agent: claim.agent, host: claim.host, user: claim.user, branch: claim.branch }, paths }] : [];
    });
  });
  const { conflicts, note } = known.forecast ?? (await conflictForecast(root, config));
  // the paths not yet written: two scopes whose globs can match one path (a pair sharing files already is listed above)
  const memo = OverlapCache.forCommonDir(commonGitDir(gitDir));
  const globs = configGlobOverlaps(config, file, micromatchRegex, undefined, undefined, memo).filter((o) => !inSequence(config, o.agents[0], o.agents[1]));
  memo.save();
  const withFiles = new Set(all.map((o) => o.agents.join('\0')));
  const globOnly = globs.filter((o) => !withFiles.has(o.agents.join('\0')));
  const exitCode = overlaps.length || globs.some((o) => 'witness' in o) ? 1 : 0;
  return { config, file, agents: scopes.size, files: files.length, overlaps, globs, globOnly, unmatched, sequence, sequenced, claimed, conflicts, note, exitCode };
}

/** `plan --json`. */
export function planJson(r: PlanReport): string {
  return JSON.stringify({ ok: r.exitCode === 0, config: r.file, agents: r.agents, files: r.files, overlaps: r.overlaps, globOverlaps: r.globs, unmatched: r.unmatched, sequence: r.sequence, sequenced: r.sequenced, claimed: r.claimed, conflicts: r.conflicts.map((c) => ({ agents: c.agents, files: c.files.map((f) => f.path) })) }) + '\n';
}

/** The conflict forecast of the agents that have branches (left out, with why, where git cannot make it). */
async function conflictForecast(root: string, config: Config): Promise<{ conflicts: ForecastConflict[]; note: string | null }> {
  const { forecastConflicts } = await import('../conflicts/forecast.js');
  try {
    const mainRoot = await mainWorktree(root);
    return { conflicts: (await forecastConflicts(mainRoot, (await repoInfo(mainRoot)).commonDir, config)).conflicts, note: null };
  } catch (err) {
    if (err instanceof UsageError) return { conflicts: [], note: err.message.replace(/^agent-guard: /, '') };
    throw err;
  }
}

