import { jsonAnswer } from '../guard/answer.js';
import type { AgentClient } from './client.js';

/** Claude Code: its settings (`.claude/settings.local.json`) are spawn's own (claude-settings.ts). */
export const claude: AgentClient = {
  name: 'claude',
  title: 'Claude Code',
  binary: 'claude',
  minVersion: '2.1.69',
  instructions: 'CLAUDE.md',
  // `path` too: Copilot CLI runs Claude Code's settings hooks with Claude's tool names but its own arguments
  tools: { edit: { Edit: ['file_path', 'path'], Write: ['file_path', 'path'], MultiEdit: ['file_path', 'path'], NotebookEdit: ['notebook_path', 'file_path', 'path'] }, patch: {}, shell: { Bash: ['command'] } },
  deny: (reason) => jsonAnswer({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } }),
  refusesWithDeny: false,
  reportsAfterShell: true,
  hookFile: null,
  hooksInMainCheckout: false,
  wired: ({ hookText }) => hookText.includes('guard-entry.js'),
  attention: { waiting: 'Notification (permission prompt, question)', idle: 'Stop, the idle prompt' },
};
