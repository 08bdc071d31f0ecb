import { jsonAnswer } from '../guard/answer.js';
import type { AgentClient } from './client.js';
import { guardFor } from './marks.js';

/** Qwen Code: Claude Code's hook shape in `.qwen/settings.json`. */
export const qwen: AgentClient = {
  name: 'qwen',
  title: 'Qwen Code',
  binary: 'qwen',
  minVersion: null,
  instructions: 'QWEN.md',
  tools: { edit: { write_file: ['file_path'], edit: ['file_path'], WriteFile: ['file_path'], Edit: ['file_path'] }, patch: {}, shell: { run_shell_command: ['command'] } },
  deny: (reason) => jsonAnswer({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } }),
  refusesWithDeny: false,
  reportsAfterShell: true,
  hookFile: '.qwen/settings.json',
  hooksInMainCheckout: false,
  writeHook: ({ existing, commands, edit: { attend, group, own, parseJson, stringify } }) => {
    const settings = parseJson(existing, '.qwen/settings.json');
    own(settings, 'PreToolUse', group('write_file|edit|run_shell_command|WriteFile|Edit|Shell', commands.pre));
    if (commands.post) own(settings, 'PostToolUse', group('run_shell_command', commands.post));
    // Notification (permission_prompt, idle_prompt) and Stop are Claude Code's
    if (commands.attention) attend(settings, ['Notification', 'Stop'], commands.attention);
    return { path: '.qwen/settings.json', text: stringify(settings) };
  },
  wired: guardFor('qwen'),
  attention: { waiting: 'Notification permission_prompt', idle: 'Stop, idle_prompt' },
};
