import type { Manifest } from '../core/manifest.js';
import { isAncestor } from '../git/worktrees.js';

/**
 * An agent is done when its branch made commits and base now contains them. A branch that still
 * sits at its fork point (just spawned, or reset) is an ancestor of base too, but is not done.
 */
export async function isMergedAgent(root: string, tip: string | null, baseTip: string | null, manifest: Manifest | null): Promise<boolean> {
  if (!tip || !baseTip || !manifest || tip === manifest.forkPoint) return false;
  return isAncestor(root, tip, baseTip);
}
