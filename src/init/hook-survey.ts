import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { HookChain } from '../core/hook-scripts.js';
import { gitOrNull } from '../git/run.js';
import { readIfExists } from '../io/files.js';
import { hookKind, type HookSurvey, type HooksPathSetting } from './hook-mode.js';

export const PRE_COMMIT_CONFIG = '.pre-commit-config.yaml';
export const LEFTHOOK_CONFIGS = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml', 'lefthook.toml', '.lefthook.toml'];

/** The hook names git runs (githooks(5)); a file of another name in a hooks folder is never run. */
export const HOOK_NAMES = new Set([
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive',
  'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate',
  'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change',
]);

/** What runs as hooks here today (see HookSurvey); agent-guard's own hooksPath settings are left out. */
export async function surveyHooks(root: string, commonDir: string): Promise<HookSurvey> {
  const gitHooksDir = join(commonDir, 'hooks');
  const gitHooks: HookSurvey['gitHooks'] = [];
  const notExecutable: string[] = [];
  for (const name of hookFilesIn(gitHooksDir)) {
    const path = join(gitHooksDir, name);
    if (isExecutable(path)) gitHooks.push({ name, kind: hookKind(readIfExists(path) ?? '') });
    else notExecutable.push(name);
  }
  const pkg = readIfExists(join(root, 'package.json'));
  let pkgJson: Record<string, unknown> = {};
  try {
    pkgJson = pkg ? (JSON.parse(pkg) as Record<string, unknown>) : {};
  } catch {
    // init reports a broken package.json itself
  }
  const deps = { ...(pkgJson.dependencies as object), ...(pkgJson.devDependencies as object) } as Record<string, unknown>;
  return {
    hooksPath: await hooksPathSettings(root),
    gitHooksDir,
    gitHooks,
    notExecutable,
    preCommitConfig: existsSync(join(root, PRE_COMMIT_CONFIG)) ? PRE_COMMIT_CONFIG : null,
    lefthookConfig: LEFTHOOK_CONFIGS.find((f) => existsSync(join(root, f))) ?? null,
    husky: existsSync(join(root, '.husky')) || 'husky' in deps,
    simpleGitHooks: 'simple-git-hooks' in pkgJson,
    simpleGitHooksConfig: 'simple-git-hooks' in pkgJson ? 'package.json' : (SIMPLE_GIT_HOOKS_CONFIGS.find((f) => existsSync(join(root, f))) ?? null),
  };
}

/** simple-git-hooks' own config files that agent-guard edits (its JavaScript ones it does not). */
export const SIMPLE_GIT_HOOKS_CONFIGS = ['.simple-git-hooks.json', 'simple-git-hooks.json'];

/** The files of a hooks folder that git would run by name (executable or not), sorted. */
export function hookFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => HOOK_NAMES.has(name) && statSync(join(dir, name)).isFile()).sort();
  } catch {
    return [];
  }
}

/** Every core.hooksPath setting git sees from the main worktree, lowest scope first, agent-guard's own left out. */
async function hooksPathSettings(root: string): Promise<HooksPathSetting[]> {
  const out = (await gitOrNull(root, ['config', '--show-scope', '-z', '--get-all', 'core.hooksPath'])) ?? '';
  const settings: HooksPathSetting[] = [];
  const fields = out.split('\0');
  // -z prints each setting as SCOPE NUL VALUE NUL
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1]!.trim();
    if (value === '' || isAgentGuardHooks(value)) continue;
    settings.push({ scope: fields[i]!, value });
  }
  return settings;
}

export function isAgentGuardHooks(folder: string): boolean {
  return /\/agent-guard\/(linked-)?hooks\/?$/.test(folder);
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every hook agent-guard's dispatchers always answer to (husky's list): the project's own hooks keep running. */
export const GIT_HOOKS = [
  'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'applypatch-msg', 'pre-applypatch',
  'post-applypatch', 'pre-rebase', 'post-rewrite', 'post-checkout', 'post-merge', 'pre-push', 'pre-auto-gc',
];

/**
 * Every hook name agent-guard's dispatchers answer to: git's usual ones, and any other that the
 * hooks folder of the chain holds (git would look for it in agent-guard's folder only).
 */
export function dispatchedHooks(root: string, chain: HookChain): string[] {
  const extra = chain.folders.flatMap((f) => {
    const folder = isAbsolute(f) ? f : join(root, f);
    return hookFilesIn(folder).filter((name) => isExecutable(join(folder, name)));
  });
  return [...new Set([...GIT_HOOKS, ...extra])];
}
