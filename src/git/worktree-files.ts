import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { parseConfigFile } from './config-file.js';
import { headTip } from './fs-refs.js';
import { branchFromHead } from './repo.js';
import type { Worktree } from './parse.js';

/**
 * What `git worktree list --porcelain` says, read from the common git dir (no process): the main
 * worktree, then the linked ones sorted by path, as git lists them. Undefined where only git can
 * tell: a git dir that is not a `.git` folder (bare and custom layouts), GIT_DIR and the like set,
 * an unborn or odd HEAD, a ref the files do not resolve, a relative `gitdir` (newer git's option).
 */
export function worktreesFromFiles(commonDir: string): Worktree[] | undefined {
  if (process.env.GIT_DIR || process.env.GIT_COMMON_DIR || process.env.GIT_WORK_TREE) return undefined;
  try {
    const common = realpathSync(commonDir);
    if (basename(common) !== '.git') return undefined;
    const config = parseConfigFile(readFileSync(join(common, 'config'), 'utf8'));
    if (!config || config.get('core.bare')?.at(-1) === 'true') return undefined;
    const main = worktreeAt(dirname(common), common, false);
    if (!main) return undefined;
    const linked: Worktree[] = [];
    for (const id of listDir(join(common, 'worktrees'))) {
      const dir = join(common, 'worktrees', id);
      const dotGit = readOrNull(join(dir, 'gitdir'))?.replace(/[ \t\n\r]+$/, '');
      if (!dotGit) continue; // git lists no worktree without a readable gitdir file
      if (!isAbsolute(dotGit)) return undefined;
      const path = dotGit.endsWith('/.git') ? dotGit.slice(0, -'/.git'.length) : dotGit;
      const prunable = !existsSync(join(dir, 'locked')) && !existsSync(dotGit);
      const worktree = worktreeAt(path, dir, prunable);
      if (!worktree) return undefined;
      linked.push(worktree);
    }
    const ignoreCase = config.get('core.ignorecase')?.at(-1) === 'true';
    const key = (w: Worktree) => Buffer.from(ignoreCase ? w.path.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : w.path);
    return [main, ...linked.sort((a, b) => Buffer.compare(key(a), key(b)))];
  } catch {
    return undefined;
  }
}

/** A worktree whose git dir is `gitDir`, HEAD read from the files; null where only git can tell (an unborn branch too). */
function worktreeAt(path: string, gitDir: string, prunable: boolean): Worktree | null {
  const head = headTip(gitDir);
  return head ? { path, head, branch: branchFromHead(gitDir), prunable, bare: false } : null;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name !== '.' && name !== '..');
  } catch {
    return [];
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
