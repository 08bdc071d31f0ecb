import { existsSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { renderLinkedHook, type HookChain, type HookTemplates } from '../core/hook-scripts.js';
import { shellQuote } from '../core/shell-quote.js';
import { configValue, parseConfigFile } from '../git/config-file.js';
import { readLocalConfig, setLocalConfig } from '../git/local-config.js';
import { writeFileAtomic } from '../io/atomic.js';
import { enableWorktreeConfig, setHooksPath } from './worktree-hooks.js';
import { HOOK_ENTRY } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { isManaged, MANAGERS, type HookMode } from './hook-mode.js';
import { dispatchedHooks } from './hook-survey.js';
import { hookSetup } from './install-record.js';

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

/**
 * git options that make a command agent-guard runs itself (the new worktree's first checkout, a
 * merge into base) run the project's hooks through agent-guard's dispatcher — the one every linked
 * worktree runs, which starts the project's own .husky hooks as husky does — instead of husky's,
 * which forks sh, dirname three times and basename for every hook even where the project has none.
 * Only where .git/config (read from the file) includes that dispatcher (init ran); else no options.
 */
export function leanHookOptions(commonDir: string): string[] {
  const dir = linkedHooksDir(commonDir);
  const local = existsSync(dir) ? parseConfigFile(readIfExists(join(commonDir, 'config')) ?? '') : null;
  return local && includesLinkedHooks(local) ? ['-c', `core.hooksPath=${dir}`] : [];
}


/**
 * Writes the dispatchers and, unless a hook manager calls them (pre-commit framework, lefthook:
 * git runs that manager's hooks from .git/hooks, in the main and every linked worktree), routes the
 * main and every linked worktree to them. `changed` is false when everything was in place already.
 */
export async function installLinkedWorktreeHooks(
  root: string,
  commonDir: string,
  branches: readonly string[],
  templates: HookTemplates,
  /** The repository's config, when the caller read it already. */
  local?: Map<string, string[]>,
  setup: { mode: HookMode; chain: HookChain } = hookSetup(commonDir),
): Promise<{ dir: string; changed: boolean }> {
  const common = realpathSync(commonDir);
  const dir = linkedHooksDir(common);
  const places = {
    mainEntry: shellQuote(join(common, '..', 'node_modules', 'agent-guard', 'dist', 'cjs', 'hook-entry.js')),
    entry: shellQuote(HOOK_ENTRY),
    node: shellQuote(process.execPath),
  };
  const calledBy = isManaged(setup.mode) ? { mode: setup.mode, name: MANAGERS[setup.mode].name } : null;
  let changed = false;
  for (const hook of calledBy ? ['pre-commit', 'pre-push', 'post-checkout'] : dispatchedHooks(root, setup.chain)) {
    const path = join(dir, hook);
    const script = renderLinkedHook(templates, hook, branches, places, { chain: setup.chain, calledBy, commonHooks: join(commonDir, 'hooks') });
    if (readIfExists(path) === script) continue;
    writeFileAtomic(path, script, 0o755);
    changed = true;
  }
  if (calledBy) return { dir, changed };
  // agent-guard's own file, written whole (no process); .git/config only gets the include, once.
  const included = join(common, INCLUDED_FILE);
  const includedText = `[core]\n\thooksPath = ${configValue(dir)}\n`;
  if (readIfExists(included) !== includedText) {
    writeFileAtomic(included, includedText);
    changed = true;
  }
  const current = local ?? (await readLocalConfig(root));
  if (!includesLinkedHooks(current)) {
    await setLocalConfig(root, [{ key: INCLUDE_KEY, value: INCLUDED_FILE, add: true }]);
    changed = true;
  }
  // The main worktree reads config.worktree only with this extension (spawned worktrees need it too).
  await enableWorktreeConfig(root, current);
  if (await routeMainWorktreeHooks(common, dir)) changed = true;
  return { dir, changed };
}

/**
 * Points the main worktree at the same dispatcher, in its per-worktree config (config.worktree in
 * the common git dir, read by the main worktree only, after .git/config): a human's commit there
 * then decides in one sh with no process (husky's chain forks sh, dirname three times, basename and
 * a second sh before agent-guard's block even starts), and an agent's goes straight to agent-guard.
 * The project's .husky scripts still run, as husky runs them; husky's own install (`npm install`)
 * keeps writing .husky/_ into .git/config, which this setting outranks. The path is absolute, as the
 * include's: `git worktree add` copies the current worktree's config.worktree into the new one, where
 * a path relative to the main worktree would find no hooks at all. Only an unset value, husky's
 * `.husky/_` or an agent-guard dispatcher's path (stale after the repository moved) is replaced; any
 * other hooksPath someone put there is theirs. A layout without a main worktree at `<common>/..`
 * (bare, separate git dir) is left alone too: husky's chain keeps running there.
 */
async function routeMainWorktreeHooks(common: string, dir: string): Promise<boolean> {
  if (basename(common) !== '.git') return false;
  const file = join(common, 'config.worktree');
  const text = readIfExists(file);
  const current = text === null ? undefined : parseConfigFile(text)?.get('core.hookspath');
  if (current?.length === 1 && current[0] === dir) return false;
  if (current !== undefined && !current.every((value) => value === '.husky/_' || value.endsWith('/agent-guard/linked-hooks'))) return false;
  await setHooksPath(file, dir);
  return true;
}

/** Whether the config (as read) includes agent-guard's hooks for linked worktrees. */
export function includesLinkedHooks(local: Map<string, string[]>): boolean {
  // git prints the subsection as written and the section and name lowercased
  return (local.get('includeif.gitdir:./worktrees/.path') ?? []).includes(INCLUDED_FILE);
}
