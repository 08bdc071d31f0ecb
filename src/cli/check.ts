import { UsageError } from '../core/errors.js';
import { liveEarlierAgents } from '../config/manifest-store.js';
import { openPolicy, preparePolicy } from '../config/open-policy.js';
import type { Change, EarlierAgent } from '../core/policy.js';
import type { LoadedConfig } from '../core/config.js';
import { resolveAgent } from '../core/identity.js';
import { rangeChanges, rangeSinceBase, stagedChanges } from '../git/changes.js';
import { repoInfo, type RepoInfo } from '../git/repo.js';
import { judge } from '../core/judge.js';
import type { Output } from '../io/stdout.js';
import { packageVersion } from '../io/package-root.js';
import type { Format } from '../render/format-names.js';
import type { ReportContext } from '../render/report.js';
import type { CheckMode } from '../core/policy.js';

export interface CheckArgs {
  cwd: string;
  staged?: boolean;
  base?: string;
  range?: string;
  agent?: string;
  format: Format;
  env: Record<string, string | undefined>;
  isTty: boolean;
}

export async function check(args: CheckArgs): Promise<{ exitCode: number; output: Output }> {
  const chosen = [args.staged && '--staged', args.base !== undefined && '--base', args.range !== undefined && '--range'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`agent-guard check: use one of --staged, --base and --range, not ${chosen.join(' and ')}.`);
  if (args.range !== undefined && !args.range.includes('..')) {
    throw new UsageError(`agent-guard check: --range takes A..B (got "${args.range}").`);
  }

  const repo = await repoInfo(args.cwd);
  // The same cache as the hooks: the base config by commit, and glob regexes (micromatch loads only on a miss).
  const opened = openPolicy(repo, args.base);
  const { manifest, cache, loading } = opened;
  let changes: Change[];
  let mode: CheckMode = 'commits';
  if (args.staged) {
    changes = await stagedChanges(repo.root);
    mode = 'staged';
  } else {
    const range = args.range ?? (await rangeSinceBase(repo.root, args.base ?? (await loading).config.base));
    changes = await rangeChanges(repo.root, [range]);
  }
  const loaded = await loading;
  const color = args.format === 'text' && args.isTty && !('NO_COLOR' in args.env);
  const earlier = manifest ? liveEarlierAgents(manifest) : await earlierFromClaims(repo, loaded, args);
  await preparePolicy(opened, loaded, earlier);
  const report = judge({ repo, manifest, loaded, changes, mode, agent: args.agent, env: args.env, color, base: args.base, toRegex: cache.toRegex, earlier });
  cache.save();
  return { exitCode: report.verdict.ok ? 0 : 1, output: await render(report, args.format) };
}

/**
 * Loads only the renderer asked for (JSON output never loads the text renderer and its colours).
 * Text and JSON are handed over as writers: printed piece by piece as they are made.
 */
async function render(report: ReportContext, format: Format): Promise<Output> {
  if (format === 'json') {
    const { writeJson } = await import('../render/json.js');
    return (write) => writeJson(report, write);
  }
  if (format === 'github') return (await import('../render/github.js')).renderGithub(report);
  if (format === 'gitlab') return (await import('../render/gitlab.js')).renderGitlab(report);
  if (format === 'sarif') return (await import('../render/sarif.js')).renderSarif(report, packageVersion());
  const { writeText } = await import('../render/text.js');
  return (write) => writeText(report, write);
}

/** Without a worktree's manifest (CI): who started first comes from the claims remote, where claims are on. */
async function earlierFromClaims(repo: RepoInfo, loaded: LoadedConfig, args: CheckArgs): Promise<EarlierAgent[]> {
  if (!loaded.config.claims) return [];
  const { agent } = resolveAgent(loaded.config, { flag: args.agent, env: args.env, manifestAgent: null, branch: repo.branch }, loaded.file);
  if (agent === null) return [];
  const { claimedEarlierAgents } = await import('../claims/service.js');
  return claimedEarlierAgents(repo.root, repo.gitDir, loaded.config, agent);
}
