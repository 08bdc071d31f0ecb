import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Manifest } from '../core/manifest.js';
import type { EarlierAgent } from '../core/policy.js';
import { writeFileAtomic } from '../io/atomic.js';

/**
 * The trusted manifest lives in the worktree's private git dir, where the agent's file edits do
 * not reach (`.git/worktrees/NAME/agent-guard/manifest.json`).
 */
export function manifestPath(gitDir: string): string {
  return join(gitDir, 'agent-guard', 'manifest.json');
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

/** The agents started before this worktree's that still have a worktree (their manifest is there). */
export function liveEarlierAgents(manifest: Manifest | null): EarlierAgent[] {
  return (manifest?.earlier ?? []).filter((e) => existsSync(manifestPath(e.gitDir))).map(({ agent, scope }) => ({ agent, scope }));
}
