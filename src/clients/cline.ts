import { join } from 'node:path';
import { jsonAnswer } from '../guard/answer.js';
import { obj, str } from './payload.js';
import type { AgentClient } from './client.js';
import { guardFor } from './marks.js';

/** Cline: a PreToolUse program in `.clinerules/hooks/` (templates/cline-pre-tool-use.sh). */
export const cline: AgentClient = {
  name: 'cline',
  title: 'Cline',
  binary: 'cline',
  minVersion: null,
  instructions: 'AGENTS.md',
  tools: { edit: { editor: ['path'], write_to_file: ['path'], replace_in_file: ['path'] }, patch: { apply_patch: ['input', 'patch'] }, shell: { run_commands: ['commands', 'command'], execute_command: ['command'] } },
  readCall: (p) => {
    const pre = obj(p.preToolUse);
    const call = obj(p.tool_call);
    const args = Object.keys(obj(call.input)).length ? obj(call.input) : obj(pre.parameters);
    return { tool: str(pre.toolName) ?? str(call.name) ?? '', args, cwd: str((p.workspaceRoots as unknown[] | undefined)?.[0]) ?? str(p.cwd) };
  },
  // Cline's file hooks cannot skip one call: a cancel ends the task, with this message.
  deny: (reason) => jsonAnswer({ cancel: true, errorMessage: reason }),
  refusesWithDeny: true,
  reportsAfterShell: false,
  hookFile: '.clinerules/hooks/PreToolUse',
  hooksInMainCheckout: false,
  writeHook: ({ commands, templates, edit }) => ({ path: '.clinerules/hooks/PreToolUse', text: edit.renderTemplate(templates.clineHook, { COMMAND: commands.pre }), executable: true }),
  // its calls carry the session's id; the session's file (its usage so far) is kept here
  sessionRecord: (sessionId, env) => {
    const home = env.CLINE_DIR || join(env.HOME ?? '', '.cline');
    const sessions = env.CLINE_SESSION_DATA_DIR || join(env.CLINE_DATA_DIR || join(home, 'data'), 'sessions');
    return join(sessions, sessionId, `${sessionId}.json`);
  },
  // TaskComplete (Cline's agent_end): the task ended; its payload is recorded where status reads it
  prepare: ({ worktree, commands }) => ({ files: commands.attention ? [{ path: join(worktree, '.clinerules/hooks/TaskComplete'), text: `#!/bin/sh\n${commands.attention}\n`, executable: true, ignore: '/.clinerules/hooks/TaskComplete' }] : [] }),
  wired: guardFor('cline'),
  attention: { waiting: null, idle: 'TaskComplete' },
};
