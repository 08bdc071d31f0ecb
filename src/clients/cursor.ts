import { jsonAnswer } from '../guard/answer.js';
import { PATH_FIELDS } from './payload.js';
import type { AgentClient } from './client.js';
import { ATTENTION_MARK, GUARD_MARK, guardFor } from './marks.js';

type Json = Record<string, unknown>;

/** Cursor's agent: preToolUse and beforeShellExecution in `.cursor/hooks.json`. */
export const cursor: AgentClient = {
  name: 'cursor',
  title: 'Cursor',
  binary: 'cursor-agent',
  minVersion: null,
  instructions: 'AGENTS.md',
  tools: { edit: { Write: PATH_FIELDS, Edit: PATH_FIELDS, MultiEdit: PATH_FIELDS, edit_file: PATH_FIELDS, write: PATH_FIELDS }, patch: {}, shell: { Shell: ['command'], run_terminal_cmd: ['command'] } },
  readCall: (p) => (p.hook_event_name === 'beforeShellExecution' ? { tool: 'Shell', args: { command: p.command }, cwd: typeof p.cwd === 'string' && p.cwd !== '' ? p.cwd : null } : null),
  deny: (reason) => ({ ...jsonAnswer({ permission: 'deny', user_message: reason, agent_message: reason }), exitCode: 2, stderr: `${reason}\n` }),
  refusesWithDeny: true,
  reportsAfterShell: false,
  hookFile: '.cursor/hooks.json',
  hooksInMainCheckout: false,
  writeHook: ({ existing, commands, edit: { parseJson, stringify } }) => {
    const settings = parseJson(existing, '.cursor/hooks.json');
    settings.version ??= 1;
    const hooks = (settings.hooks ??= {}) as Record<string, Json[]>;
    for (const event of ['preToolUse', 'beforeShellExecution']) {
      hooks[event] = [...(hooks[event] ?? []).filter((h) => !String(h.command ?? '').includes(GUARD_MARK)), { command: commands.pre }];
    }
    // stop: the agent's turn ended (`status` completed, aborted or error)
    if (commands.attention) hooks.stop = [...(hooks.stop ?? []).filter((h) => !String(h.command ?? '').includes(ATTENTION_MARK)), { command: commands.attention }];
    return { path: '.cursor/hooks.json', text: stringify(settings) };
  },
  wired: guardFor('cursor'),
  attention: { waiting: null, idle: 'stop (from its docs; not run here)' },
};
