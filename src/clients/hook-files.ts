import { renderTemplate } from '../core/template.js';
import { parseSettings, setOwnEntry } from './claude-settings.js';
import type { ClientHookFile, GuardCommands, HookInput, SettingsEditing } from './client.js';
import { ATTENTION_MARK, GUARD_MARK } from './marks.js';
import { CLIENT_TABLE } from './table.js';
import type { Client } from '../core/clients.js';

/**
 * What a client's hook writer edits its settings with, handed to it (the client modules import none
 * of it: the guard, which loads every client module, never writes a hook file).
 */
export const SETTINGS_EDITING: SettingsEditing = {
  parseJson: (existing, shownAs) => parseSettings(existing, shownAs),
  group: (matcher, command, extra = {}) => ({ matcher, hooks: [{ type: 'command', command, ...extra }] }),
  own: (settings, event, entry, mark = GUARD_MARK) => setOwnEntry(settings, event, mark, entry),
  attend(settings, events, command, extra = {}) {
    for (const event of events) setOwnEntry(settings, event, ATTENTION_MARK, { hooks: [{ type: 'command', command, ...extra }] });
  },
  stringify: (value) => JSON.stringify(value, null, 2) + '\n',
  renderTemplate,
};

/** The client's hook file with agent-guard's hooks in it (other settings and hooks kept; a re-run replaces agent-guard's own entries). Pure. */
export function clientHookFile(name: Exclude<Client, 'claude'>, existing: string | null, commands: GuardCommands, templates: HookInput['templates'], pluginPath = ''): ClientHookFile {
  return CLIENT_TABLE[name].writeHook!({ existing, commands, templates, pluginPath, edit: SETTINGS_EDITING });
}
