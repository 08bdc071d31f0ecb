import type { LoadedConfig } from './config.js';
import { resolveAgent } from './identity.js';
import { applyManifest, type Manifest } from './manifest.js';
import { compileOwners } from './owners.js';
import { compilePolicy, evaluate, type Change, type EarlierAgent } from './policy.js';
import type { GlobToRegex } from './scope.js';
import type { RepoInfo } from '../git/repo.js';
import type { ReportContext } from '../render/report.js';
import type { CheckMode } from './policy.js';

export interface JudgeInput {
  repo: RepoInfo;
  manifest: Manifest | null;
  loaded: LoadedConfig;
  changes: Change[];
  mode: CheckMode;
  /** The --agent flag, if given. */
  agent?: string | undefined;
  env: Record<string, string | undefined>;
  color: boolean;
  /** The base ref named in next steps. */
  base?: string | undefined;
  /** How globs become regexes: micromatchRegex, or the hooks' cache. */
  toRegex: GlobToRegex;
  /** Live agents started before this one whose scopes overlap it: a new path they hold is theirs. */
  earlier?: EarlierAgent[];
}

/**
 * Identity, policy and verdict: the one path shared by `check` and the git hooks. Returns what a
 * renderer needs; rendering is left to the caller so a passing hook never loads the renderers.
 */
export function judge(input: JudgeInput): ReportContext {
  const { loaded, repo, manifest } = input;
  const config = applyManifest(loaded.config, manifest);
  const configLabel = loaded.source.kind === 'ref' ? `${loaded.file} on ${loaded.source.ref}` : loaded.file;
  const identity = { flag: input.agent, env: input.env, manifestAgent: manifest?.agent ?? null, branch: repo.branch };
  const { agent } = resolveAgent(config, identity, configLabel);
  return {
    verdict: evaluate(compilePolicy(config, agent, loaded.file, input.toRegex, manifest === null || agent === manifest.agent ? input.earlier : []), input.changes),
    mode: input.mode,
    scope: agent ? config.agents[agent]!.scope : [],
    shared: config.shared,
    base: input.base ?? config.base,
    owners: compileOwners(config, input.toRegex),
    color: input.color,
  };
}
