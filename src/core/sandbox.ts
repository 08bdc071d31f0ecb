import type { PathTest } from './scope.js';

/**
 * The folders of a worktree an agent's Bash commands may not write, for Claude Code's OS sandbox
 * (`sandbox.filesystem.denyWrite`, which takes folders, not globs): every folder that holds no
 * file the agent may change and that no scope glob reaches into. Pure.
 *
 * `allowed` is the agent's rule (scope or shared, not protected); `scopeFolders` are the literal
 * folders its globs name (`src/orders` for `src/orders/**`), kept writable even when empty; null
 * when a glob can match anywhere (`**\/*.test.ts`), and then no folder can be denied.
 */
export function deniedFolders(trackedFiles: readonly string[], allowed: PathTest, scopeFolders: readonly string[] | null): string[] {
  if (scopeFolders === null) return [];
  const needed = new Set<string>(['']);
  const folders = new Set<string>();
  const markNeeded = (path: string) => {
    for (let dir = path; dir !== ''; dir = parentOf(dir)) needed.add(dir);
  };
  for (const folder of scopeFolders) markNeeded(folder);
  for (const file of trackedFiles) {
    for (let dir = parentOf(file); dir !== ''; dir = parentOf(dir)) folders.add(dir);
    if (allowed(file)) markNeeded(parentOf(file));
  }
  // The highest folders that are not needed (their subfolders are covered by them).
  return [...folders].filter((dir) => !needed.has(dir) && needed.has(parentOf(dir))).sort();
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The literal folder a positive glob starts with (`src/orders` for `src/orders/**`), '' for a top-level file, null for a glob that can match anywhere. */
export function globFolder(glob: string): string | null {
  const magic = glob.search(/[*?[\]{}()!+@\\]/);
  const literal = magic < 0 ? glob : glob.slice(0, magic);
  if (!glob.includes('/') && !glob.includes('**')) return ''; // `*.json`: top-level files only
  if (magic === 0) return null;
  const slash = literal.lastIndexOf('/');
  if (magic < 0) return slash < 0 ? '' : literal.slice(0, slash);
  return slash < 0 ? null : literal.slice(0, slash);
}
