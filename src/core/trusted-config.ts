import { fileAtRef, filesAtRef, refExists } from '../git/changes.js';
import type { RepoInfo } from '../git/repo.js';
import { loadConfig, loadConfigAtRef } from './config-load.js';
import { NoConfigError, type LoadedConfig } from './config.js';
import type { Manifest } from './manifest.js';

/**
 * The config a check may trust. With an explicit ref (`--base REF`): the config committed at REF,
 * nothing else. Otherwise the config committed on the base branch, because an agent can edit (and
 * even commit with --no-verify) the config in its own worktree; the working tree's copy counts only
 * while the base branch has no committed config yet (a new repository).
 */
export async function loadTrustedConfig(repo: RepoInfo, manifest: Manifest | null, explicitRef?: string): Promise<LoadedConfig> {
  if (explicitRef !== undefined) return loadAtRef(repo, explicitRef);
  const base = manifest?.base ?? (await loadConfig(repo.root)).config.base;
  if (await refExists(repo.root, base)) {
    try {
      return await loadAtRef(repo, base);
    } catch (err) {
      if (!(err instanceof NoConfigError)) throw err;
    }
  }
  return loadConfig(repo.root);
}

function loadAtRef(repo: RepoInfo, ref: string): Promise<LoadedConfig> {
  return loadConfigAtRef(ref, () => filesAtRef(repo.root, ref), (file) => fileAtRef(repo.root, ref, file));
}
