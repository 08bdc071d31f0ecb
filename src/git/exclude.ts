import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { commonGitDir } from './fs-refs.js';
import { repoInfo } from './repo.js';
import { readIfExists } from '../io/files.js';

/** Adds patterns to `.git/info/exclude` (shared by every worktree): per-worktree files agent-guard writes are never committed. */
export async function excludeForAllWorktrees(root: string, patterns: string[]): Promise<void> {
  const exclude = join(commonGitDir((await repoInfo(root)).gitDir), 'info', 'exclude');
  let text = readIfExists(exclude) ?? '';
  const lines = text.split('\n');
  const missing = patterns.filter((p) => !lines.includes(p));
  if (missing.length === 0) return;
  if (text && !text.endsWith('\n')) text += '\n';
  writeFileAtomic(exclude, text + missing.map((p) => `${p}\n`).join(''));
}
