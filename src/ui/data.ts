import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { AGENT_NAME_PATTERN } from '../core/config-shape.js';
import { compileOwners } from '../core/owners.js';
import { protectedGlobs } from '../core/policy.js';
import { compileScope } from '../core/scope.js';
import { repoInfo } from '../git/repo.js';
import { git, gitOrNull } from '../git/run.js';
import { listWorktrees, trackedFiles } from '../git/worktrees.js';
import { micromatchRegex } from '../io/glob-regex.js';
import { placeOf } from '../config/agent-places.js';
import { scopeMap, type MapFolder } from './scope-map.js';

/** What the page shows, from the same code as `status --json`, `conflicts --json` and `plan --json`. */
export type UiData =
  | { ok: true; repository: string; at: string; status: StatusJson; conflicts: unknown; plan: unknown; map: MapFolder; mergePlan: string[] }
  /** The cards first (status alone), while the rest is being made. */
  | { ok: true; partial: true; repository: string; at: string; status: StatusJson }
  | { ok: false; repository: string; at: string; message: string };

export interface StatusJson {
  base: string;
  agents: { name: string; branch: string; worktree: string | null; violations: { path: string; reason: string }[] }[];
}

/** The agents' cards alone: what `status --json` says, the page's first paint. */
export async function uiStatusData(mainRoot: string): Promise<UiData> {
  const at = new Date().toISOString();
  const problem = await setupProblem(mainRoot);
  if (problem) return { ok: false, repository: mainRoot, at, message: problem };
  return { ok: true, partial: true, repository: mainRoot, at, status: await statusJson(mainRoot) };
}

async function setupProblem(mainRoot: string): Promise<string | null> {
  try {
    await loadConfig(mainRoot);
    return null;
  } catch (err) {
    return `${err instanceof Error ? err.message : String(err)} Set it up with: npx agent-guard init, then agent-guard spawn NAME --scope 'GLOB'.`;
  }
}

/** Everything the page shows; `known`: the status already made for this look (the first paint's). */
export async function uiData(mainRoot: string, known?: StatusJson): Promise<UiData> {
  const at = new Date().toISOString();
  let loaded: Awaited<ReturnType<typeof loadConfig>>;
  try {
    loaded = await loadConfig(mainRoot);
  } catch {
    return { ok: false, repository: mainRoot, at, message: (await setupProblem(mainRoot))! };
  }
  const { config, file } = loaded;
  const [{ forecastConflicts }, { renderForecastJson }, { planJson, planReport }, { mergeAgents }] = await Promise.all([
    import('../conflicts/forecast.js'),
    import('../render/conflicts.js'),
    import('../status/plan-report.js'),
    import('../lifecycle/merge.js'),
  ]);
  const commonDir = await commonDirOf(mainRoot);
  // the tracked files and the forecast once each: plan reads the same ones
  const [status, conflicts, files, train] = await Promise.all([
    known ?? statusJson(mainRoot),
    forecastConflicts(mainRoot, commonDir, config, file),
    trackedFilesOf(mainRoot, commonDir),
    mergeAgents(mainRoot, config, [], { all: true, dryRun: true, verify: null }).catch((err: unknown) => ({ exitCode: 2, lines: [err instanceof Error ? err.message : String(err)] })),
  ]);
  const plan = await planReport(mainRoot, { files, forecast: { conflicts: conflicts.conflicts, note: null } });
  const owners = compileOwners(config, micromatchRegex);
  const shared = compileScope(config.shared, micromatchRegex);
  const isProtected = compileScope(protectedGlobs(config, file), micromatchRegex);
  const strays = status.agents.flatMap((a) => a.violations.map((v) => ({ path: v.path, agent: a.name, reason: v.reason })));
  return {
    ok: true,
    repository: mainRoot,
    at,
    status,
    // the JSON the commands print, parsed back: the page reads exactly what `conflicts --json` and `plan --json` say
    conflicts: JSON.parse(renderForecastJson(conflicts)),
    plan: JSON.parse(planJson(plan)),
    map: scopeMap(files, { owners, shared, protected: isProtected }, strays),
    mergePlan: train.lines,
  };
}

/** What `status --json` prints, made by the same functions. */
async function statusJson(mainRoot: string): Promise<StatusJson> {
  const [{ collectStatus }, { renderStatusJson }] = await Promise.all([import('../status/collect.js'), import('../render/status.js')]);
  const worktrees = await listWorktrees(mainRoot);
  const { config, file } = await loadConfig(mainRoot);
  return JSON.parse(renderStatusJson(await collectStatus(mainRoot, config, file, worktrees))) as StatusJson;
}

/** The main checkout's tracked files, listed again only when its index changed (agents' commits leave it alone). */
let tracked: { key: string; files: string[] } | null = null;
async function trackedFilesOf(mainRoot: string, commonDir: string): Promise<string[]> {
  let key: string;
  try {
    const index = statSync(join(commonDir, 'index'));
    key = `${mainRoot}:${index.mtimeMs}:${index.size}`;
  } catch {
    key = '';
  }
  if (key && tracked?.key === key) return tracked.files;
  const files = await trackedFiles(mainRoot);
  tracked = key ? { key, files } : null;
  return files;
}

async function commonDirOf(root: string): Promise<string> {
  return (await repoInfo(root)).commonDir;
}

/** Bytes of unified diff sent at most; the page says when it was cut. */
const MAX_DIFF = 2_000_000;

/** An agent's change against base: its files and the unified diff (committed and uncommitted), from its worktree or its branch. */
export async function agentDiff(mainRoot: string, name: string): Promise<{ files: { status: string; path: string }[]; diff: string; truncated: boolean } | null> {
  if (!new RegExp(AGENT_NAME_PATTERN).test(name)) return null;
  const { config } = await loadConfig(mainRoot);
  if (!(name in config.agents)) return null;
  const place = placeOf(config, name, await listWorktrees(mainRoot));
  const worktree = place.worktree && !place.worktree.prunable ? place.worktree.path : null;
  const cwd = worktree ?? mainRoot;
  const tip = worktree ? 'HEAD' : `refs/heads/${place.branch}`;
  const fork = (await gitOrNull(cwd, ['merge-base', config.base, tip]))?.trim();
  if (!fork) return { files: [], diff: '', truncated: false };
  // in the worktree, against the fork point: its commits and its uncommitted changes to tracked files
  const range = worktree ? [fork] : [fork, tip];
  const names = (await git(cwd, ['diff', '--name-status', '-z', '--no-renames', ...range])).split('\0');
  const files: { status: string; path: string }[] = [];
  for (let i = 0; i + 1 < names.length; i += 2) files.push({ status: names[i]!, path: names[i + 1]! });
  const diff = await git(cwd, ['diff', '--no-color', '--no-ext-diff', ...range]);
  return { files, diff: diff.slice(0, MAX_DIFF), truncated: diff.length > MAX_DIFF };
}
