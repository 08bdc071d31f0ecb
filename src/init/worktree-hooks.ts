import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { shellQuote } from '../core/shell-quote.js';
import { renderWorktreeHook } from '../core/hook-scripts.js';
import { commonGitDir } from '../git/fs-refs.js';
import { hookSetup } from './install-record.js';
import { dispatchedHooks } from './hook-survey.js';
import { configValue } from '../git/config-file.js';
import { lastValue, readLocalConfig, setConfigFile, setLocalConfig } from '../git/local-config.js';
import { GitError } from '../git/run.js';
import { HOOK_ENTRY, readTemplates } from '../io/package-files.js';


export function worktreeHooksDir(gitDir: string): string {
  return join(gitDir, 'agent-guard', 'hooks');
}

/**
 * Points this worktree's hooks at a folder in its private git dir (a per-worktree core.hooksPath),
 * so editing `.husky/*` in the worktree cannot switch agent-guard off. The stubs call this very
 * node and agent-guard by absolute path: no PATH lookup, no npx.
 */
export async function installWorktreeHooks(worktree: string, gitDir: string, agent: string): Promise<string> {
  const templates = readTemplates();
  const common = commonGitDir(gitDir);
  const { chain } = hookSetup(common);
  const places = { node: shellQuote(process.execPath), entry: shellQuote(HOOK_ENTRY) };
  const dir = worktreeHooksDir(gitDir);
  for (const hook of dispatchedHooks(worktree, chain)) writeFileAtomic(join(dir, hook), renderWorktreeHook(templates, hook, agent, places, chain, join(common, 'hooks')), 0o755);
  await enableWorktreeConfig(worktree);
  // `git worktree add` may have copied the main worktree's config.worktree here (with its hooksPath)
  await setHooksPath(join(gitDir, 'config.worktree'), dir);
  return dir;
}

/**
 * Per-worktree config (config.worktree) needs the extension and repository format 1, as
 * `git sparse-checkout` sets them. Sets what is not set already: `local` is the repository's config
 * when the caller read it; retries while another process holds config.lock.
 */
export async function enableWorktreeConfig(cwd: string, local?: Map<string, string[]>): Promise<void> {
  const wanted = [
    ['core.repositoryFormatVersion', '1'],
    ['extensions.worktreeConfig', 'true'],
  ] as const;
  for (let attempt = 0; ; attempt++) {
    const current = local ?? (await readLocalConfig(cwd));
    local = undefined; // a retry reads again
    const missing = wanted.filter(([key, value]) => lastValue(current, key.toLowerCase()) !== value);
    try {
      await setLocalConfig(cwd, missing.map(([key, value]) => ({ key, value })));
      return;
    } catch (err) {
      if (!(err instanceof GitError) || !err.stderr.includes('could not lock') || attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
  }
}

/** core.hooksPath in a worktree's own config file (config.worktree), written as git would (no process). */
export async function setHooksPath(file: string, dir: string): Promise<void> {
  if (existsSync(file)) await setConfigFile(file, [{ key: 'core.hooksPath', value: dir }]);
  else writeFileAtomic(file, `[core]\n\thooksPath = ${configValue(dir)}\n`);
}
