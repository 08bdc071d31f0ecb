import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exit2Answer } from '../guard/answer.js';
import type { AgentClient } from './client.js';
import { ATTENTION_MARK, guardFor } from './marks.js';

/**
 * Codex reads a linked worktree's project hooks from the main checkout (checked with Codex 0.169: a
 * worktree's own .codex/hooks.json is not read, the main checkout's is, once the worktree has a .codex
 * folder): one file serves every agent, the guard telling them apart by each call's folder. Its
 * project hooks run only when the project and each hook are trusted in `$CODEX_HOME/config.toml`.
 */
export const codex: AgentClient = {
  name: 'codex',
  title: 'Codex',
  binary: 'codex',
  minVersion: '0.124.0',
  instructions: 'AGENTS.md',
  tools: { edit: { Write: ['file_path'], Edit: ['file_path'] }, patch: { apply_patch: ['command', 'patch', 'input'] }, shell: { Bash: ['command'], exec_command: ['cmd', 'command'], shell: ['command'] } },
  deny: exit2Answer,
  refusesWithDeny: false,
  reportsAfterShell: true,
  hookFile: '.codex/hooks.json',
  hooksInMainCheckout: true,
  writeHook: ({ existing, commands, edit: { attend, group, own, parseJson, stringify } }) => {
    // Codex sends shell calls as Bash and edits as apply_patch (matcher aliases Write/Edit select it too).
    const settings = parseJson(existing, '.codex/hooks.json');
    own(settings, 'PreToolUse', group('.*', commands.pre));
    if (commands.post) own(settings, 'PostToolUse', group('Bash', commands.post));
    // Stop (its turn ended) and PermissionRequest (it asks you): one file serves every agent, so the
    // event goes into the git dir of the session's own worktree
    if (commands.attention) attend(settings, ['Stop', 'PermissionRequest'], CODEX_ATTENTION);
    return { path: '.codex/hooks.json', text: stringify(settings) };
  },
  // Codex takes a linked worktree as a project only where it has a .codex folder of its own; the
  // hooks it then loads are the main checkout's
  prepare: ({ worktree }) => ({ folders: [codexProjectFolder(worktree)] }),
  // the main checkout's hooks load only for a worktree with a .codex folder of its own
  wired: (input) => guardFor('codex')(input) && existsSync(codexProjectFolder(input.worktree)),
  addTrust: async (input) => (await import('./codex-trust.js')).addCodexTrust(input),
  trusted: async (input) => (await import('./codex-trust.js')).codexTrusted(input),
  attention: { waiting: 'PermissionRequest (the approval prompt; `codex exec` never asks)', idle: 'Stop' },
};

/** The attention hook's command: the payload into the session's worktree's git dir (it runs in the session's folder). */
const CODEX_ATTENTION = `cat > "$(git rev-parse --absolute-git-dir)/${ATTENTION_MARK}"`;

/** Codex takes a linked worktree as a project only where it has a .codex folder of its own. */
export const codexProjectFolder = (worktree: string) => join(worktree, '.codex');
