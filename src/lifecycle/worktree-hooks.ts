import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { packageRoot } from '../io/package-root.js';
import { shellQuote } from '../core/shell-quote.js';
import { renderTemplate } from '../core/template.js';
import { git, GitError, gitOrNull } from '../git/run.js';
import { HOOK_ENTRY } from '../init/apply.js';

/** Every hook husky dispatches: all get a stub, so the project's own .husky hooks keep running. */
export const GIT_HOOKS = [
  'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'applypatch-msg', 'pre-applypatch',
  'post-applypatch', 'pre-rebase', 'post-rewrite', 'post-checkout', 'post-merge', 'pre-push', 'pre-auto-gc',
];

export function worktreeHooksDir(gitDir: string): string {
  return join(gitDir, 'agent-guard', 'hooks');
}

/**
 * Points this worktree's hooks at a folder in its private git dir (a per-worktree core.hooksPath),
 * so editing `.husky/*` in the worktree cannot switch agent-guard off. The stubs call this very
 * node and agent-guard by absolute path: no PATH lookup, no npx.
 */
export async function installWorktreeHooks(worktree: string, gitDir: string, agent: string): Promise<string> {
  const read = (file: string) => readFileSync(join(packageRoot, 'hooks', file), 'utf8');
  const template = read('worktree-hook.sh');
  const ownLines = read('own-lines.sh').replace(/\n$/, '');
  const dir = worktreeHooksDir(gitDir);
  for (const hook of GIT_HOOKS) {
    const script = renderTemplate(template, { HOOK: hook, AGENT: agent, NODE: shellQuote(process.execPath), ENTRY: shellQuote(HOOK_ENTRY), OWN_LINES: ownLines });
    writeFileAtomic(join(dir, hook), script, 0o755);
  }
  // As `git sparse-checkout` does: worktree-specific config needs the extension (and format 1).
  await setSharedConfig(worktree, { 'core.repositoryFormatVersion': '1', 'extensions.worktreeConfig': 'true' });
  await git(worktree, ['config', '--worktree', 'core.hooksPath', dir]);
  return dir;
}

/**
 * Sets repository-wide config values that are not set already (read in one process, as every
 * spawn asks); retries while another process holds config.lock.
 */
async function setSharedConfig(cwd: string, wanted: Record<string, string>): Promise<void> {
  const pattern = `^(${Object.keys(wanted).map((key) => key.toLowerCase().replaceAll('.', '\\.')).join('|')})$`;
  for (let attempt = 0; ; attempt++) {
    const current = new Map(((await gitOrNull(cwd, ['config', '--local', '--get-regexp', pattern])) ?? '').split('\n').filter(Boolean).map((line) => line.split(' ', 2) as [string, string]));
    const missing = Object.entries(wanted).filter(([key, value]) => current.get(key.toLowerCase()) !== value);
    try {
      for (const [key, value] of missing) await git(cwd, ['config', '--local', key, value]);
      return;
    } catch (err) {
      if (!(err instanceof GitError) || !err.stderr.includes('could not lock') || attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
  }
}
