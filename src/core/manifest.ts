import type { Client } from './clients.js';
import type { Config } from './config.js';
import type { PortBlock } from './ports.js';

/** What `spawn` records for an agent's worktree, out of the agent's reach (see config/manifest-store). */
export interface Manifest {
  agent: string;
  scope: string[];
  task?: string;
  base: string;
  /** Where the branch left base (its merge base with base at spawn time): a tip still there has done nothing yet. */
  forkPoint: string;
  /** The config file (repository-relative) the scope came from. */
  configFile: string;
  createdAt: string;
  /** The agent clients spawn wired in the worktree (config `clients` and `spawn --client`). */
  clients?: Client[];
  /**
   * Live agents started before this one whose scopes overlap it (`spawn --allow-overlap`), with their
   * scope and git dir: a new path both hold is theirs while their worktree lives.
   */
  earlier?: { agent: string; scope: string[]; gitDir: string }[];
  /** The block of ports this agent holds while its worktree lives (config `ports`). */
  ports?: PortBlock;
}

/**
 * The config as the manifest's agent sees it: its scope and task are the manifest's (written by the
 * human's `spawn`, out of the agent's reach), everything else is the trusted config's.
 */
export function applyManifest(config: Config, manifest: Manifest | null): Config {
  if (!manifest) return config;
  const after = config.agents[manifest.agent]?.after;
  const agent = { scope: manifest.scope, ...(manifest.task !== undefined && { task: manifest.task }), ...(after && { after }) };
  return { ...config, agents: { ...config.agents, [manifest.agent]: agent } };
}
