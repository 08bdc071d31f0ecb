import type { PathTest } from './scope.js';

export interface Overlap {
  agents: [string, string];
  paths: string[];
}

/** Every file that two agents' scopes both claim, grouped by pair (pairs in name order). Pure. */
export function scopeOverlaps(files: readonly string[], scopes: ReadonlyMap<string, PathTest>): Overlap[] {
  const names = [...scopes.keys()].sort();
  const byPair = new Map<string, Overlap>();
  for (const path of files) {
    const owners = names.filter((name) => scopes.get(name)!(path));
    for (let i = 0; i < owners.length; i++) {
      for (let j = i + 1; j < owners.length; j++) {
        const key = `${owners[i]}\0${owners[j]}`;
        if (!byPair.has(key)) byPair.set(key, { agents: [owners[i]!, owners[j]!], paths: [] });
        byPair.get(key)!.paths.push(path);
      }
    }
  }
  return [...byPair.values()];
}

/** Agents whose scope matches none of the files (likely a typo in a glob). */
export function unmatchedScopes(files: readonly string[], scopes: ReadonlyMap<string, PathTest>): string[] {
  return [...scopes.entries()].filter(([, test]) => !files.some(test)).map(([name]) => name).sort();
}
