import { agentFromBranch } from './branches.js';
import type { Config } from './config.js';
import { UsageError } from './errors.js';

export type IdentitySource = 'flag' | 'env' | 'manifest' | 'branch' | 'ci' | 'none';

export interface IdentityInputs {
  flag?: string | undefined;
  env: Record<string, string | undefined>;
  /** The agent named by this worktree's trusted manifest, if any. */
  manifestAgent: string | null;
  /** The current branch, or null when detached. */
  branch: string | null;
}

export interface Identity {
  agent: string | null;
  source: IdentitySource;
}

/**
 * Which agent is at work here, first that applies: --agent › AGENT_GUARD_AGENT › manifest ›
 * a branch that fits one of `branches` › in CI the PR head branch › none (a human: unrestricted).
 * A name that is not in the config is an error, never "unrestricted".
 */
export function resolveAgent(config: Config, inputs: IdentityInputs, configLabel = 'the config'): Identity {
  const found = firstClaim(config, inputs);
  if (found.agent !== null && !(found.agent in config.agents)) {
    const known = Object.keys(config.agents);
    throw new UsageError(
      `agent-guard: unknown agent "${found.agent}" (from ${describeSource(found.source)}). ` +
        (known.length ? `${configLabel} declares: ${known.join(', ')}. ` : `${configLabel} declares no agents. `) +
        `Add it under "agents" with its scope (and commit that on the base branch), or run \`agent-guard spawn ${found.agent} --scope 'GLOB'\`.`,
    );
  }
  return found;
}

function firstClaim(config: Config, { flag, env, manifestAgent, branch }: IdentityInputs): Identity {
  if (flag) return { agent: flag, source: 'flag' };
  if (env.AGENT_GUARD_AGENT) return { agent: env.AGENT_GUARD_AGENT, source: 'env' };
  if (manifestAgent) return { agent: manifestAgent, source: 'manifest' };
  const fromBranch = agentFromBranch(config.branches, branch);
  if (fromBranch) return { agent: fromBranch, source: 'branch' };
  const inCi = Boolean(env.CI || env.GITHUB_ACTIONS || env.GITLAB_CI);
  // a pull request's head branch (GitHub), a merge request's source branch (GitLab)
  const fromHeadRef = inCi ? agentFromBranch(config.branches, env.GITHUB_HEAD_REF || env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME || null) : null;
  if (fromHeadRef) return { agent: fromHeadRef, source: 'ci' };
  return { agent: null, source: 'none' };
}


export function describeSource(source: IdentitySource): string {
  return {
    flag: '--agent',
    env: 'AGENT_GUARD_AGENT',
    manifest: "this worktree's manifest",
    branch: 'the branch name',
    ci: 'GITHUB_HEAD_REF',
    none: 'nothing',
  }[source];
}

/** The declared agent a Claude Code sub-agent type is: the one whose claudeAgent names it, else the one of that name, else null. */
export function subagentOf(config: Config, agentType: string): string | null {
  const mapped = Object.entries(config.agents).find(([, agent]) => agent.claudeAgent === agentType)?.[0];
  if (mapped) return mapped;
  return agentType in config.agents && config.agents[agentType]!.claudeAgent === undefined ? agentType : null;
}

/**
 * How a tool call made inside a Claude Code sub-agent is judged: as the declared agent its type
 * maps to; else denied where the config is strict; else as the checkout (no sub-agent identity).
 */
export function subagentRule(config: Config, agentType: string): { agent: string } | { deny: true } | { asCheckout: true } {
  const agent = subagentOf(config, agentType);
  if (agent !== null) return { agent };
  return config.agentTypes === 'strict' ? { deny: true } : { asCheckout: true };
}
