import { liveEarlierAgents } from '../config/manifest-store.js';
import type { Config } from '../core/config.js';
import { resolveAgent, subagentRule } from '../core/identity.js';
import { applyManifest } from '../core/manifest.js';
import { compileOwners } from '../core/owners.js';
import { compilePolicy, type Policy } from '../core/policy.js';
import { openPolicy, preparePolicy } from '../config/open-policy.js';
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
  const opened = openPolicy(repo);
  const { manifest, cache } = opened;
  const loaded = await opened.loading;
  const { agent } = resolveAgent(applyManifest(loaded.config, manifest), { env, manifestAgent: manifest?.agent ?? null, branch: repo.branch });
  if (agent === null) return null;
  const earlier = agent === manifest?.agent ? liveEarlierAgents(manifest) : [];
  const config = await preparePolicy(opened, loaded, earlier);
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
  return subagentRule((await openPolicy(repo).loading).config, agentType);
}

/** The agent started first that owns `path` when this new path is refused only for that (null otherwise). */
export function firstOwner(at: AgentPolicy, path: string, isNew: boolean): string | null {
  return isNew && at.policy.reasonAgainst(path) === null ? at.policy.ownerOfNew(path) : null;
}
