import { join } from 'node:path';
import { jsonAnswer } from '../guard/answer.js';
import { obj, PATH_FIELDS } from './payload.js';
import type { AgentClient } from './client.js';
import { guardFor } from './marks.js';

type Json = Record<string, unknown>;

/** Copilot CLI: `.github/hooks/agent-guard.json`; loads it only in a trusted folder. */
export const copilot: AgentClient = {
  name: 'copilot',
  title: 'Copilot CLI',
  binary: 'copilot',
  minVersion: '1.0.57',
  instructions: 'AGENTS.md',
  tools: { edit: { edit: PATH_FIELDS, create: PATH_FIELDS, write: PATH_FIELDS, str_replace_editor: PATH_FIELDS }, patch: { apply_patch: ['patch', 'input', 'command'] }, shell: { bash: ['command'], shell: ['command'] } },
  // camelCase events: toolArgs is a JSON string
  readCall: (p) => {
    if (p.toolName === undefined) return null;
    let args: Record<string, unknown> = {};
    try {
      args = typeof p.toolArgs === 'string' ? obj(JSON.parse(p.toolArgs)) : obj(p.toolArgs);
    } catch {
      // unreadable arguments: judged as none
    }
    return { tool: typeof p.toolName === 'string' ? p.toolName : '', args, cwd: typeof p.cwd === 'string' && p.cwd !== '' ? p.cwd : null };
  },
  deny: (reason) => jsonAnswer({ permissionDecision: 'deny', permissionDecisionReason: reason }),
  refusesWithDeny: true,
  reportsAfterShell: false,
  hookFile: '.github/hooks/agent-guard.json',
  hooksInMainCheckout: false,
  writeHook: ({ commands, edit: { stringify } }) => {
    // its payloads name no event: the command wraps each in one that does
    const hooks: Json = { preToolUse: [{ type: 'command', bash: commands.pre, timeoutSec: 30 }] };
    if (commands.attentionFile) {
      for (const event of ['notification', 'agentStop']) hooks[event] = [{ type: 'command', bash: `{ printf '{"client_event":"${event}","event":'; cat; printf '}'; } > ${commands.attentionFile}`, timeoutSec: 5 }];
    }
    return { path: '.github/hooks/agent-guard.json', text: stringify({ version: 1, hooks }) };
  },
  wired: guardFor('copilot'),
  addTrust: async (input) => {
    const file = await (await import('./folder-trust.js')).addFolderTrust('copilot', input, input.worktree);
    return `Copilot CLI trusts the worktree (${file}: trustedFolders), so it loads the worktree's hooks.`;
  },
  trusted: async (input) => (await import('./folder-trust.js')).folderTrusted('copilot', input),
  // its tool calls carry the session id; the session's events (with each model call's usage) are kept here
  sessionRecord: (sessionId, env) => join(env.COPILOT_HOME || join(env.HOME ?? '', '.copilot'), 'session-state', sessionId, 'events.jsonl'),
  attention: { waiting: 'notification (permission prompt, elicitation)', idle: 'agentStop' },
};
