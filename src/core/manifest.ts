import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  configFile: string;
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
    if (typeof parsed.agent === 'string') return parsed;
  } catch {
    // fall through to the error below
  }
  throw new UsageError(`agent-guard: the manifest ${manifestPath(gitDir)} is damaged. Restore it by running \`agent-guard spawn\` for this agent again from the main worktree.`);
}
