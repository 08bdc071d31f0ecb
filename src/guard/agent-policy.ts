import { HookCache } from '../config/hook-cache.js';
import { liveEarlierAgents, readManifest } from '../config/manifest-store.js';
import { loadTrustedConfig } from '../config/trusted.js';
import type { Config } from '../core/config.js';
import { resolveAgent, subagentRule } from '../core/identity.js';
import { applyManifest } from '../core/manifest.js';
import { compileOwners } from '../core/owners.js';
import { compilePolicy, policyGlobLists, type Policy } from '../core/policy.js';
import type { RepoInfo } from '../git/repo.js';

/** The agent at work in a worktree, with its policy compiled from the trusted config. */
export interface AgentPolicy {
  agent: string;
  config: Config;
  policy: Policy;
  /** The other agents whose scope claims `path` (for a refusal's "it belongs to"). */
  owners(path: string): string[];
}

/**
 * What every Claude Code check needs first (edits, Bash before and after): the trusted config with
 * the worktree's manifest applied, the agent, and its policy, globs from the hooks' cache (saved
 * here). Null in a checkout without an agent identity.
 */
export async function agentPolicy(repo: RepoInfo, env: Record<string, string | undefined>): Promise<AgentPolicy | null> {
  const manifest = readManifest(repo.gitDir);
  const cache = HookCache.forGitDir(repo.gitDir);
  const loaded = await loadTrustedConfig(repo, manifest, undefined, cache);
  const config = applyManifest(loaded.config, manifest);
  const { agent } = resolveAgent(config, { env, manifestAgent: manifest?.agent ?? null, branch: repo.branch });
  if (agent === null) return null;
  const earlier = agent === manifest?.agent ? liveEarlierAgents(manifest) : [];
  await cache.prepare([...policyGlobLists(config, loaded.file), ...earlier.map((e) => e.scope)]);
  cache.save();
  const owners = compileOwners(config, cache.toRegex); // built on first use, once for every path asked
  return {
    agent,
    config,
    policy: compilePolicy(config, agent, loaded.file, cache.toRegex, earlier),
    owners: (path) => owners(path).filter((o) => o !== agent),
  };
}

/** How a Claude Code sub-agent's call is judged (subagentRule), by the same trusted config. */
export async function declaredSubagent(repo: RepoInfo, agentType: string): Promise<ReturnType<typeof subagentRule>> {
  const manifest = readManifest(repo.gitDir);
  const loaded = await loadTrustedConfig(repo, manifest, undefined, HookCache.forGitDir(repo.gitDir));
  return subagentRule(loaded.config, agentType);
}

/** The agent started first that owns `path` when this new path is refused only for that (null otherwise). */
export function firstOwner(at: AgentPolicy, path: string, isNew: boolean): string | null {
  return isNew && at.policy.reasonAgainst(path) === null ? at.policy.ownerOfNew(path) : null;
}
