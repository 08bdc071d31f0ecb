import { filesAtRef, type FilesAtRef } from '../git/changes.js';
import { localBranchTip } from '../git/fs-refs.js';
import type { RepoInfo } from '../git/repo.js';
import { loadConfig, loadConfigAtRef } from './load.js';
import { CONFIG_FILES, NoConfigError, type LoadedConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import type { PolicyCache } from './policy-cache.js';
import type { Manifest } from '../core/manifest.js';

/**
 * The config a check may trust. With an explicit ref (`--base REF`): the config committed at REF,
 * nothing else. Otherwise the config committed on the base branch, because an agent can edit (and
 * even commit with --no-verify) the config in its own worktree; with no local base branch (a CI
 * checkout), origin's. The working tree's copy counts only while the base branch has no committed
 * config yet (a new repository).
 */
export async function loadTrustedConfig(
  repo: RepoInfo,
  manifest: Manifest | null,
  explicitRef?: string,
  cache?: PolicyCache,
): Promise<LoadedConfig> {
  if (explicitRef !== undefined) {
    const atRef = await filesAtRef(repo.root, explicitRef, CONFIG_FILES);
    if (atRef.commit === null) {
      throw new UsageError(`agent-guard: git could not resolve "${explicitRef}" to a commit. Fetch it or pass a ref that exists (e.g. --base origin/main after git fetch).`);
    }
    return loadConfigAtRef(explicitRef, atRef.files);
  }
  const working = manifest ? null : await loadConfig(repo.root, cache);
  const base = manifest?.base ?? working!.config.base;
  let atBase = await configFilesAtBase(repo, base, cache);
  let baseRef = base;
  if (atBase.commit === null) {
    // A CI checkout has no local base branch, only what was fetched: origin's is as trusted.
    baseRef = `origin/${base}`;
    atBase = await filesAtRef(repo.root, `refs/remotes/${baseRef}`, CONFIG_FILES);
  }
  if (atBase.commit !== null) {
    try {
      return await loadConfigAtRef(baseRef, atBase.files, cache);
    } catch (err) {
      if (!(err instanceof NoConfigError)) throw err;
    }
  }
  return working ?? loadConfig(repo.root);
}

/** The base branch's config files; with a cache, a base that has not moved costs no git process. */
async function configFilesAtBase(repo: RepoInfo, base: string, cache?: PolicyCache): Promise<FilesAtRef> {
  const tip = cache ? (localBranchTip(repo.gitDir, base) ?? null) : null;
  const cached = tip ? cache!.configFilesAt(tip) : null;
  if (cached) return { commit: tip, files: cached };
  const atBase = await filesAtRef(repo.root, base, CONFIG_FILES);
  if (cache && atBase.commit) cache.rememberConfigFiles(atBase.commit, atBase.files);
  return atBase;
}
