import { exit2Answer } from '../guard/answer.js';
import { obj, str } from './payload.js';
import type { AgentClient } from './client.js';
import { guardFor } from './marks.js';

function joinDir(cwd: string | null, dir: string | null): string | null {
  if (!dir) return cwd;
  if (dir.startsWith('/') || !cwd) return dir;
  return `${cwd.replace(/\/+$/, '')}/${dir}`;
}

/** Gemini CLI: BeforeTool in the worktree's `.gemini/settings.json`; loads it only in a trusted folder. */
export const gemini: AgentClient = {
  name: 'gemini',
  title: 'Gemini CLI',
  binary: 'gemini',
  minVersion: '0.27.0',
  instructions: 'GEMINI.md',
  tools: { edit: { write_file: ['file_path'], replace: ['file_path'] }, patch: {}, shell: { run_shell_command: ['command'] } },
  // its tools name a folder of their own (`dir_path`), relative to the session's
  readCall: (p) => {
    const args = obj(p.tool_input);
    return { tool: str(p.tool_name) ?? '', args, cwd: joinDir(str(p.cwd), str(args.dir_path)) };
  },
  deny: exit2Answer,
  refusesWithDeny: false,
  reportsAfterShell: false,
  hookFile: '.gemini/settings.json',
  hooksInMainCheckout: false,
  writeHook: ({ existing, commands, edit: { attend, group, own, parseJson, stringify } }) => {
    const settings = parseJson(existing, '.gemini/settings.json');
    // timeout in milliseconds
    own(settings, 'BeforeTool', group('write_file|replace|run_shell_command', commands.pre, { timeout: 30_000 }));
    // Notification (ToolPermission: it asks you) and AfterAgent (its turn ended)
    if (commands.attention) attend(settings, ['Notification', 'AfterAgent'], commands.attention, { timeout: 5_000 });
    return { path: '.gemini/settings.json', text: stringify(settings) };
  },
  wired: guardFor('gemini'),
  addTrust: async (input) => {
    const file = await (await import('./folder-trust.js')).addFolderTrust('gemini', input, 'TRUST_FOLDER');
    return `Gemini CLI trusts the worktree (${file}), so it loads the worktree's hooks.`;
  },
  trusted: async (input) => (await import('./folder-trust.js')).folderTrusted('gemini', input),
  attention: { waiting: 'Notification ToolPermission (interactive only)', idle: 'AfterAgent' },
};
