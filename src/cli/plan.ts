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
import { displayPath } from '../render/report.js';
import { conflictLine } from '../render/conflicts.js';
import type { ForecastConflict } from '../conflicts/forecast.js';
import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';

/** Validates the config and reports the tracked files two agents' scopes both claim (exit 1 if any). */
export async function plan(cwd: string, json: boolean): Promise<{ exitCode: number; output: string }> {
  const { root, gitDir } = await repoInfo(cwd);
  const { config, file } = await loadConfig(root);
  const files = await trackedFiles(root);
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
  const { conflicts, note } = await conflictForecast(root, config);
  // the paths not yet written: two scopes whose globs can match one path (a pair sharing files already is listed above)
  const memo = OverlapCache.forCommonDir(commonGitDir(gitDir));
  const globs = configGlobOverlaps(config, file, micromatchRegex, undefined, undefined, memo).filter((o) => !inSequence(config, o.agents[0], o.agents[1]));
  memo.save();
  const withFiles = new Set(all.map((o) => o.agents.join('\0')));
  const globOnly = globs.filter((o) => !withFiles.has(o.agents.join('\0')));
  const exitCode = overlaps.length || globs.some((o) => 'witness' in o) ? 1 : 0;
  if (json) {
    return { exitCode, output: JSON.stringify({ ok: exitCode === 0, config: file, agents: scopes.size, files: files.length, overlaps, globOverlaps: globs, unmatched, sequence, sequenced, claimed, conflicts: conflicts.map((c) => ({ agents: c.agents, files: c.files.map((f) => f.path) })) }) + '\n' };
  }
  const lines = [`${file} is valid: ${scopes.size} agent${scopes.size === 1 ? '' : 's'} over ${files.length} tracked files.`];
  if (sequence.length) lines.push(`In sequence (each starts from, and merges after, the agents before the arrow): ${sequence.join('; ')}`);
  for (const o of sequenced) lines.push(`"${o.agents[0]}" and "${o.agents[1]}" share ${o.paths.length} file${o.paths.length === 1 ? '' : 's'}, one after the other: fine.`);
  for (const o of overlaps) {
    lines.push('', `"${o.agents[0]}" and "${o.agents[1]}" both claim ${o.paths.length} file${o.paths.length === 1 ? '' : 's'}:`);
    lines.push(...o.paths.slice(0, 20).map((p) => `  ${displayPath(p)}`));
    if (o.paths.length > 20) lines.push(`  … and ${o.paths.length - 20} more`);
  }
  for (const o of globOnly) {
    if ('witness' in o) lines.push('', `"${o.agents[0]}" and "${o.agents[1]}" share no file yet, but their globs both match paths not yet written, e.g. ${displayPath(o.witness)}`);
    else lines.push('', `"${o.agents[0]}" and "${o.agents[1]}": whether their globs can match one path could not be decided exactly (${o.undecided}); check them by hand.`);
  }
  for (const c of claimed) lines.push('', `"${c.agent}" shares ${c.paths.length} file${c.paths.length === 1 ? '' : 's'} with "${c.claim.agent}", claimed by another clone (${c.claim.user} on ${c.claim.host}, ${c.claim.branch}): spawning "${c.agent}" will be refused while that claim is live.`);
  for (const name of unmatched) lines.push('', `warning: the scope of "${name}" (${config.agents[name]!.scope.join(', ')}) matches no tracked file; a typo? (new files are fine)`);
  if (conflicts.length) lines.push('', 'Conflicts foreseen in the committed work of the agents with branches (agent-guard conflicts for the fix):', ...conflicts.map((c) => `  ${conflictLine(c, config.base)}`));
  if (note) lines.push('', `Conflict forecast left out: ${note}`);
  lines.push('', exitCode ? 'Overlapping scopes: narrow them, or run those agents one after the other (`after`).' : 'No overlaps: these agents can work in parallel.');
  return { exitCode, output: lines.join('\n') + '\n' };
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

