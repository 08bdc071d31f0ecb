import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Templates } from '../init/plan.js';
import { packageRoot } from './package-root.js';

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
