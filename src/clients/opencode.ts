import { exit2Answer } from '../guard/answer.js';
import { obj, str } from './payload.js';
import type { AgentClient, GuardCommands, SettingsEditing } from './client.js';

/**
 * OpenCode: a plugin in the worktree's git dir (out of the agent's edits' reach), named by the
 * worktree's `opencode.json`. A plugin in .opencode/plugins/ would also do, but OpenCode then installs
 * its plugin SDK into each new worktree's .opencode/ (~15 s at first start).
 */
export const opencode: AgentClient = {
  name: 'opencode',
  title: 'OpenCode',
  binary: 'opencode',
  minVersion: '1.0.0',
  instructions: 'AGENTS.md',
  tools: { edit: { write: ['filePath'], edit: ['filePath'], multiedit: ['filePath'] }, patch: { apply_patch: ['patchText'], patch: ['patchText'] }, shell: { bash: ['command'] } },
  // the plugin sends { tool, args, directory }
  readCall: (p) => ({ tool: str(p.tool) ?? '', args: obj(p.args), cwd: str(p.directory) ?? str(p.cwd) }),
  // the plugin throws with stderr
  deny: exit2Answer,
  refusesWithDeny: false,
  reportsAfterShell: false,
  hookFile: 'opencode.json',
  hooksInMainCheckout: false,
  writeHook: ({ existing, pluginPath, edit: { parseJson, stringify } }) => {
    const settings = parseJson(existing, 'opencode.json');
    const plugins = (Array.isArray(settings.plugin) ? (settings.plugin as unknown[]) : []).filter((p) => !String(p).endsWith('/agent-guard/opencode-plugin.js'));
    settings.plugin = [...plugins, `file://${pluginPath}`];
    return { path: 'opencode.json', text: stringify(settings) };
  },
  prepare: ({ commands, templates, pluginPath, attentionFile, usageFile, agentEnv, edit }) => ({ files: [{ path: pluginPath, text: opencodePluginText(templates.opencodePlugin, commands, { attentionFile, usageFile, agentEnv }, edit) }] }),
  wired: ({ hookText, plugin }) => hookText.includes('opencode-plugin.js') && plugin.includes('guard-entry.js'),
  attention: { waiting: 'the plugin events permission.asked, question.asked', idle: 'session.status idle' },
};

/**
 * The OpenCode plugin (templates/opencode-plugin.js): it runs the guard before every tool call,
 * records the waiting and idle events and each finished model step's tokens (OpenCode keeps those in
 * its own database; the plugin sees them live), and hands the agent's environment (its ports) to
 * every shell OpenCode starts.
 */
export function opencodePluginText(template: string, commands: GuardCommands, files: { attentionFile: string; usageFile: string; agentEnv?: Record<string, string> }, { renderTemplate }: Pick<SettingsEditing, 'renderTemplate'>): string {
  return renderTemplate(template, { COMMAND: JSON.stringify(commands.pre), ATTENTION: JSON.stringify(files.attentionFile), USAGE: JSON.stringify(files.usageFile), ENV: JSON.stringify(files.agentEnv ?? {}) });
}
