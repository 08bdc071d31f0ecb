import { exit2Answer } from '../guard/answer.js';
import type { AgentClient } from './client.js';
import { guardFor } from './marks.js';

/** Factory Droid: Claude Code's hook shape in `.factory/hooks.json`. */
export const droid: AgentClient = {
  name: 'droid',
  title: 'Factory Droid',
  binary: 'droid',
  minVersion: null,
  instructions: 'AGENTS.md',
  tools: { edit: { Create: ['file_path'], Edit: ['file_path'], MultiEdit: ['file_path'], Write: ['file_path'] }, patch: { ApplyPatch: ['patch', 'input'] }, shell: { Execute: ['command'], Bash: ['command'] } },
  deny: exit2Answer,
  refusesWithDeny: false,
  reportsAfterShell: true,
  hookFile: '.factory/hooks.json',
  hooksInMainCheckout: false,
  writeHook: ({ existing, commands, edit: { attend, group, own, parseJson, stringify } }) => {
    const settings = parseJson(existing, '.factory/hooks.json');
    own(settings, 'PreToolUse', group('Create|Edit|MultiEdit|Write|ApplyPatch|Execute|Bash', commands.pre));
    if (commands.post) own(settings, 'PostToolUse', group('Execute|Bash', commands.post));
    // its Notification (it waits for the human) and Stop (its turn ended) carry Claude Code's payload
    if (commands.attention) attend(settings, ['Notification', 'Stop'], commands.attention);
    return { path: '.factory/hooks.json', text: stringify(settings) };
  },
  wired: guardFor('droid'),
  attention: { waiting: 'Notification (from its docs; not run here)', idle: 'Stop (from its docs; not run here)' },
};
