import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { renderLinkedHook, type HookTemplates } from '../core/hook-scripts.js';
import { shellQuote } from '../core/shell-quote.js';
import { git, gitOrNull } from '../git/run.js';
import { writeFileAtomic } from '../io/atomic.js';
import { GIT_HOOKS } from '../lifecycle/worktree-hooks.js';
import { HOOK_ENTRY, readIfExists } from './apply.js';

/**
 * Hooks for every linked worktree, made by any tool, with no install step in it: `.git/config`
 * includes `agent-guard/worktrees.config` for git dirs under `.git/worktrees/` only, and that file
 * points core.hooksPath at agent-guard's hooks in the common git dir. husky's relative
 * `core.hooksPath` (.husky/_) exists only in the main worktree, so without this a plain
 * `git worktree add` worktree runs no hook at all. A spawned worktree's own per-worktree
 * core.hooksPath (config.worktree) still wins over the include.
 */
export const INCLUDE_KEY = 'includeIf.gitdir:./worktrees/.path';
export const INCLUDED_FILE = 'agent-guard/worktrees.config';

export function linkedHooksDir(commonDir: string): string {
  return join(commonDir, 'agent-guard', 'linked-hooks');
}

/** Writes the hooks and the include; `changed` is false when everything was in place already. */
export async function installLinkedWorktreeHooks(
  root: string,
  commonDir: string,
  branches: readonly string[],
  templates: HookTemplates,
): Promise<{ dir: string; changed: boolean }> {
  const common = realpathSync(commonDir);
  const dir = linkedHooksDir(common);
  const places = {
    mainEntry: shellQuote(join(common, '..', 'node_modules', 'agent-guard', 'dist', 'cjs', 'hook-entry.js')),
    entry: shellQuote(HOOK_ENTRY),
    node: shellQuote(process.execPath),
  };
  let changed = false;
  for (const hook of GIT_HOOKS) {
    const path = join(dir, hook);
    const script = renderLinkedHook(templates, hook, branches, places);
    if (readIfExists(path) === script) continue;
    writeFileAtomic(path, script, 0o755);
    changed = true;
  }
  const included = join(common, INCLUDED_FILE);
  if ((await gitOrNull(root, ['config', '--file', included, '--get', 'core.hooksPath']))?.trim() !== dir) {
    await git(root, ['config', '--file', included, 'core.hooksPath', dir]);
    changed = true;
  }
  if (!(await linkedHooksIncluded(root))) {
    await git(root, ['config', '--local', '--add', INCLUDE_KEY, INCLUDED_FILE]);
    changed = true;
  }
  return { dir, changed };
}

/** Whether .git/config includes agent-guard's hooks for linked worktrees. */
export async function linkedHooksIncluded(root: string): Promise<boolean> {
  return ((await gitOrNull(root, ['config', '--local', '--get-all', INCLUDE_KEY]))?.split('\n') ?? []).includes(INCLUDED_FILE);
}
