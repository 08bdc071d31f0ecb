import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tryGit } from './hooks.js';

/**
 * Everything `init` and `uninstall` may touch, read whole: every file of the work tree (with its
 * executable bit), the git dir's config files and hooks folder, and `git config -l` as git reads it.
 */
export function repoState(root: string, env: Record<string, string> = {}): Record<string, string> {
  const state: Record<string, string> = { 'git config -l': tryGit(root, ['config', '-l'], env).stdout };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (rel === '.git' || rel.startsWith('.git/worktrees')) {
        if (rel === '.git') walk(path);
        continue;
      }
      if (rel.startsWith('.git/') && !/^\.git\/(config(\.worktree)?|hooks|hooks\/.*|agent-guard.*|info.*)$/.test(rel)) continue;
      const stat = statSync(path);
      if (stat.isDirectory()) {
        state[`${rel}/`] = '';
        walk(path);
      } else state[rel] = `${stat.mode & 0o111 ? '(x) ' : ''}${readFileSync(path, 'utf8')}`;
    }
  };
  if (existsSync(root)) walk(root);
  return state;
}
