import { renderTemplate } from '../core/template.js';
import { parseSettings } from './claude-settings.js';
import type { ClientHookFile, GuardCommands, HookInput, SettingsEditing } from './client.js';
import { GUARD_MARK } from './marks.js';
import { CLIENT_TABLE } from './table.js';
import type { Client } from '../core/clients.js';

type Json = Record<string, unknown>;

/**
 * What a client's hook writer edits its settings with, handed to it (the client modules import none
 * of it: the guard, which loads every client module, never writes a hook file).
 */
export const SETTINGS_EDITING: SettingsEditing = {
  parseJson: (existing, shownAs) => parseSettings(existing, shownAs),
  group: (matcher, command, extra = {}) => ({ matcher, hooks: [{ type: 'command', command, ...extra }] }),
  own(settings, event, entry, mark = GUARD_MARK) {
    // `settings.hooks[event]` with agent-guard's group last and no earlier agent-guard entry (marked by `mark`)
    const hooks = (settings.hooks ??= {}) as Record<string, { hooks?: Json[] }[]>;
    const groups = (hooks[event] ?? [])
      .map((g) => ({ ...g, hooks: (g.hooks ?? []).filter((h) => !String(h.command ?? '').includes(mark)) }))
      .filter((g) => g.hooks.length > 0);
    hooks[event] = [...groups, entry];
  },
  stringify: (value) => JSON.stringify(value, null, 2) + '\n',
  renderTemplate,
};

/** The client's hook file with agent-guard's hooks in it (other settings and hooks kept; a re-run replaces agent-guard's own entries). Pure. */
export function clientHookFile(name: Exclude<Client, 'claude'>, existing: string | null, commands: GuardCommands, templates: HookInput['templates'], pluginPath = ''): ClientHookFile {
  return CLIENT_TABLE[name].writeHook!({ existing, commands, templates, pluginPath, edit: SETTINGS_EDITING });
}
