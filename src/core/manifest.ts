import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import type { Config } from './config.js';
import { UsageError } from './errors.js';

/**
 * The trusted manifest lives in the worktree's private git dir, where the agent's file edits do
 * not reach (`.git/worktrees/NAME/agent-guard/manifest.json`).
 */
export function manifestPath(gitDir: string): string {
  return join(gitDir, 'agent-guard', 'manifest.json');
}

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
}

/** This worktree's manifest, or null when it has none (e.g. the human's main worktree). */
export function readManifest(gitDir: string): Manifest | null {
  let text: string;
  try {
    text = readFileSync(manifestPath(gitDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Manifest;
    if (typeof parsed.agent === 'string' && Array.isArray(parsed.scope) && typeof parsed.base === 'string') return parsed;
  } catch {
    // fall through to the error below
  }
  throw new UsageError(`agent-guard: the manifest ${manifestPath(gitDir)} is damaged. Restore it by running \`agent-guard spawn\` for this agent again from the main worktree.`);
}

export function writeManifest(gitDir: string, manifest: Manifest): void {
  writeFileAtomic(manifestPath(gitDir), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * The config as the manifest's agent sees it: its scope and task are the manifest's (written by the
 * human's `spawn`, out of the agent's reach), everything else is the trusted config's.
 */
export function applyManifest(config: Config, manifest: Manifest | null): Config {
  if (!manifest) return config;
  const agent = { scope: manifest.scope, ...(manifest.task !== undefined && { task: manifest.task }) };
  return { ...config, agents: { ...config.agents, [manifest.agent]: agent } };
}
