import type { Config, LoadedConfig } from '../core/config.js';
import { applyManifest, type Manifest } from '../core/manifest.js';
import { policyGlobLists, type EarlierAgent } from '../core/policy.js';
import type { RepoInfo } from '../git/repo.js';
import { PolicyCache } from './policy-cache.js';
import { readManifest } from './manifest-store.js';
import { loadTrustedConfig } from './trusted.js';

/** What every check opens first: this worktree's manifest, the policy cache, the trusted config (loading). */
export interface OpenedPolicy {
  manifest: Manifest | null;
  cache: PolicyCache;
  /** The trusted config, read beside the caller's own work (the staged diff, the pushed commits). */
  loading: Promise<LoadedConfig>;
}

/**
 * Opens the trusted policy the one way the hooks, `check` and the guard use: the manifest from the
 * worktree's private git dir, the config as trusted for it (base's, or `baseRef`'s), and the cache
 * of its globs' regexes (not used for a `baseRef`: that config is read from the ref each time).
 */
export function openPolicy(repo: RepoInfo, baseRef?: string): OpenedPolicy {
  const manifest = readManifest(repo.gitDir);
  const cache = PolicyCache.forGitDir(repo.gitDir);
  const loading = loadTrustedConfig(repo, manifest, baseRef, baseRef === undefined ? cache : undefined);
  loading.catch(() => undefined); // handled where it is awaited; this only stops an early rejection from counting as unhandled
  return { manifest, cache, loading };
}

/** The config with the manifest applied, and the regexes of every glob its policy compiles ready in the cache (the earlier agents' scopes too). */
export async function preparePolicy({ manifest, cache }: OpenedPolicy, loaded: LoadedConfig, earlier: readonly EarlierAgent[]): Promise<Config> {
  const config = applyManifest(loaded.config, manifest);
  await cache.prepare([...policyGlobLists(config, loaded.file), ...earlier.map((e) => e.scope)]);
  return config;
}
