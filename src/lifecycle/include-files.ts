import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git } from '../git/run.js';

/**
 * Copies into a new worktree the git-ignored files that `.worktreeinclude` (gitignore syntax, the
 * convention Claude Code uses) names, e.g. `.env`: a fresh checkout would not have them.
 */
export async function copyIncludedFiles(mainRoot: string, worktree: string): Promise<string[]> {
  if (!existsSync(join(mainRoot, '.worktreeinclude'))) return [];
  const list = async (args: string[]) => new Set((await git(mainRoot, ['ls-files', '-z', '--others', '--ignored', ...args])).split('\0').filter(Boolean));
  const named = await list(['--exclude-from=.worktreeinclude']);
  const ignored = await list(['--exclude-standard']);
  const copied = [...named].filter((file) => ignored.has(file)).sort();
  for (const file of copied) {
    mkdirSync(dirname(join(worktree, file)), { recursive: true });
    copyFileSync(join(mainRoot, file), join(worktree, file));
  }
  return copied;
}
