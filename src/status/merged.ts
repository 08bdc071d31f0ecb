import type { Manifest } from '../core/manifest.js';

/**
 * An agent is done when its branch made commits and base now contains them. A branch that still
 * sits at its fork point (just spawned, or reset) is contained in base too, but is not done.
 * Pure: `tipInBase` is what the caller already knows (status: nothing ahead; prune: an ancestor check).
 */
export function isMergedAgent(tip: string | null, manifest: Manifest | null, tipInBase: boolean): boolean {
  return tip !== null && manifest !== null && tip !== manifest.forkPoint && tipInBase;
}
