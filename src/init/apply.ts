import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lastValue, setLocalConfig } from '../git/local-config.js';
import { packageRoot } from '../io/package-root.js';
import type { FileChange, Templates } from './plan.js';

/** The absolute path of the lean hook entry of this very installation of agent-guard. */
export const HOOK_ENTRY = join(packageRoot, 'dist', 'cjs', 'hook-entry.js');

/** The lean entry of the Claude Code edit-time guard. */
export const GUARD_ENTRY = join(packageRoot, 'dist', 'cjs', 'guard-entry.js');

/** The main CLI of this installation (the package's bin). */
export const CLI_ENTRY = join(packageRoot, 'dist', 'cjs', 'cli', 'main.js');

export function readTemplates(): Templates {
  const read = (path: string) => readFileSync(join(packageRoot, path), 'utf8');
  return {
    config: read('templates/agent-guard.config.json'),
    rules: read('templates/parallel-rules.md'),
    workflow: read('templates/github-workflow.yml'),
    gitlabCi: read('templates/gitlab-ci.yml'),
    claudeSubagent: read('templates/claude-subagent.md'),
    hookBlock: read('hooks/husky-block.sh'),
    agentCheck: read('hooks/agent-check.sh'),
    findEntry: read('hooks/find-entry.sh'),
    chain: read('hooks/chain.sh'),
    preCommitPushInput: read('hooks/pre-commit-push-input.sh'),
    managerEntry: read('templates/manager-entry.sh'),
    preCommitHooks: read('templates/pre-commit-hooks.yaml'),
    lefthookCommands: read('templates/lefthook-commands.yaml'),
    simpleGitHooksCommands: read('templates/simple-git-hooks-commands.json'),
    opencodePlugin: read('templates/opencode-plugin.js'),
    clineHook: read('templates/cline-pre-tool-use.sh'),
    postCheckout: read('hooks/husky-post-checkout.sh'),
    linkedHook: read('hooks/linked-worktree-hook.sh'),
    stagedDiff: read('hooks/staged-diff.sh'),
    worktreeHook: read('hooks/worktree-hook.sh'),
    postBash: read('hooks/post-bash.sh'),
  };
}

export function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function writeChange(root: string, change: FileChange): void {
  const path = join(root, change.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, change.after);
  if (change.executable) chmodSync(path, 0o755);
}

/**
 * husky's own installer (sets core.hooksPath to .husky/_ and writes its dispatch stubs). It works
 * on the current directory, so it runs from `root`. Returns husky's message ('' when installed).
 */
export async function installHusky(root: string): Promise<string> {
  const { default: husky } = await import('husky');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    return husky('.husky');
  } finally {
    process.chdir(cwd);
  }
}

/**
 * Records where this agent-guard and node live, for hooks run where neither is on PATH or in
 * node_modules; sets only what differs from `local` (the repository's config as read).
 */
export async function recordInstallation(root: string, local: Map<string, string[]>): Promise<void> {
  const wanted = [
    { key: 'agent-guard.entry', value: HOOK_ENTRY },
    { key: 'agent-guard.node', value: process.execPath },
  ];
  await setLocalConfig(root, wanted.filter(({ key, value }) => lastValue(local, key) !== value));
}
