import { filesAtRef } from '../git/changes.js';
import type { RepoInfo } from '../git/repo.js';
import { loadConfig, loadConfigAtRef } from './config-load.js';
import { CONFIG_FILES, NoConfigError, type LoadedConfig } from './config.js';
import { UsageError } from './errors.js';
import type { Manifest } from './manifest.js';

/**
 * The config a check may trust. With an explicit ref (`--base REF`): the config committed at REF,
 * nothing else. Otherwise the config committed on the base branch, because an agent can edit (and
 * even commit with --no-verify) the config in its own worktree; the working tree's copy counts only
 * while the base branch has no committed config yet (a new repository).
 */
export async function loadTrustedConfig(repo: RepoInfo, manifest: Manifest | null, explicitRef?: string): Promise<LoadedConfig> {
  if (explicitRef !== undefined) {
    const atRef = await filesAtRef(repo.root, explicitRef, CONFIG_FILES);
    if (!atRef.exists) {
      throw new UsageError(`agent-guard: git could not resolve "${explicitRef}" to a commit. Fetch it or pass a ref that exists (e.g. --base origin/main after git fetch).`);
    }
    return loadConfigAtRef(explicitRef, atRef.files);
  }
  const working = manifest ? null : await loadConfig(repo.root);
  const base = manifest?.base ?? working!.config.base;
  const atBase = await filesAtRef(repo.root, base, CONFIG_FILES);
  if (atBase.exists) {
    try {
      return await loadConfigAtRef(base, atBase.files);
    } catch (err) {
      if (!(err instanceof NoConfigError)) throw err;
    }
  }
  return working ?? loadConfig(repo.root);
}
