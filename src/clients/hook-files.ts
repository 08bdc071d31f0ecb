import type { Client } from '../core/clients.js';
import { renderTemplate } from '../core/template.js';
import { parseSettings } from './claude-settings.js';

/** The file of a worktree where a client reads agent-guard's before-tool hook, as spawn writes it. */
export interface ClientHookFile {
  /** Relative to the worktree. */
  path: string;
  text: string;
  executable?: boolean;
}

/** The shell commands a client's hook runs: before a call, and (where the client has it) after a shell command. */
export interface GuardCommands {
  pre: string;
  post: string | null;
  /** Records the client's waiting and idle events in the worktree's git dir (Gemini CLI, Qwen Code); null: none. */
  attention?: string | null;
  /** That file, shell-quoted (Copilot CLI's commands wrap the payload before writing it). */
  attentionFile?: string;
}

/** Marks agent-guard's attention hooks (their command writes this file). */
const ATTENTION_MARK = 'agent-guard/attention.json';

/** Marks agent-guard's entries in a settings file shared with the user's own hooks. */
const MARK = 'guard-entry.js';

/**
 * Where each client looks for project hooks (AGENT-CLIENTS.md), excluded from git like
 * .claude/settings.local.json: in the agent's worktree, except Codex's, which Codex reads from the
 * main checkout even in a linked worktree (checked with Codex 0.169: a worktree's own
 * .codex/hooks.json is not read, the main checkout's is, once the worktree has a .codex folder) —
 * one file serves every agent, the guard telling them apart by the worktree of each call.
 */
export const IN_MAIN_CHECKOUT: ReadonlySet<Client> = new Set(['codex']);

export const CLIENT_HOOK_FILES: Record<Exclude<Client, 'claude'>, string> = {
  codex: '.codex/hooks.json',
  gemini: '.gemini/settings.json',
  copilot: '.github/hooks/agent-guard.json',
  opencode: 'opencode.json',
  qwen: '.qwen/settings.json',
  droid: '.factory/hooks.json',
  cursor: '.cursor/hooks.json',
  cline: '.clinerules/hooks/PreToolUse',
};

type Json = Record<string, unknown>;

/**
 * The client's hook file with agent-guard's guard in it (other settings and hooks kept, a re-run
 * replaces agent-guard's own entries). Pure. `templates.opencodePlugin` / `clineHook`: the files in
 * templates/ for the two clients whose hook is a program.
 */
export function clientHookFile(client: Exclude<Client, 'claude'>, existing: string | null, commands: GuardCommands, templates: { opencodePlugin: string; clineHook: string }, opencodePlugin = ''): ClientHookFile {
  const path = CLIENT_HOOK_FILES[client];
  const group = (matcher: string, command: string, extra: Json = {}) => ({ matcher, hooks: [{ type: 'command', command, ...extra }] });
  switch (client) {
    case 'codex': {
      // Codex sends shell calls as Bash and edits as apply_patch (matcher aliases Write/Edit select it too).
      const settings = parse(existing, path);
      own(settings, 'PreToolUse', group('.*', commands.pre));
      if (commands.post) own(settings, 'PostToolUse', group('Bash', commands.post));
      return { path, text: stringify(settings) };
    }
    case 'qwen':
    case 'droid': {
      const settings = parse(existing, path);
      const matcher = client === 'qwen' ? 'write_file|edit|run_shell_command|WriteFile|Edit|Shell' : 'Create|Edit|MultiEdit|Write|ApplyPatch|Execute|Bash';
      own(settings, 'PreToolUse', group(matcher, commands.pre));
      if (commands.post) own(settings, 'PostToolUse', group(client === 'qwen' ? 'run_shell_command' : 'Execute|Bash', commands.post));
      // Qwen Code's Notification (permission_prompt, idle_prompt) and Stop are Claude Code's
      if (client === 'qwen' && commands.attention) for (const event of ['Notification', 'Stop']) own(settings, event, { hooks: [{ type: 'command', command: commands.attention }] }, ATTENTION_MARK);
      return { path, text: stringify(settings) };
    }
    case 'gemini': {
      const settings = parse(existing, path);
      // timeout in milliseconds
      own(settings, 'BeforeTool', group('write_file|replace|run_shell_command', commands.pre, { timeout: 30_000 }));
      // Notification (ToolPermission: it asks you) and AfterAgent (its turn ended)
      if (commands.attention) for (const event of ['Notification', 'AfterAgent']) own(settings, event, { hooks: [{ type: 'command', command: commands.attention, timeout: 5_000 }] }, ATTENTION_MARK);
      return { path, text: stringify(settings) };
    }
    case 'copilot': {
      // its payloads name no event: the command wraps each in one that does
      const hooks: Json = { preToolUse: [{ type: 'command', bash: commands.pre, timeoutSec: 30 }] };
      if (commands.attentionFile) {
        for (const event of ['notification', 'agentStop']) hooks[event] = [{ type: 'command', bash: `{ printf '{"client_event":"${event}","event":'; cat; printf '}'; } > ${commands.attentionFile}`, timeoutSec: 5 }];
      }
      return { path, text: stringify({ version: 1, hooks }) };
    }
    case 'cursor': {
      const settings = parse(existing, path);
      settings.version ??= 1;
      const hooks = (settings.hooks ??= {}) as Record<string, Json[]>;
      for (const event of ['preToolUse', 'beforeShellExecution']) {
        hooks[event] = [...(hooks[event] ?? []).filter((h) => !String(h.command ?? '').includes(MARK)), { command: commands.pre }];
      }
      return { path, text: stringify(settings) };
    }
    case 'opencode': {
      // The plugin itself lives in the worktree's git dir (opencodePluginText), out of the agent's
      // edits' reach; opencode.json names it. A plugin in .opencode/plugins/ would also do, but
      // OpenCode then installs its plugin SDK into each new worktree's .opencode/ (~15 s at first start).
      const settings = parse(existing, path);
      const url = `file://${opencodePlugin}`;
      const plugins = (Array.isArray(settings.plugin) ? (settings.plugin as unknown[]) : []).filter((p) => !String(p).endsWith('/agent-guard/opencode-plugin.js'));
      settings.plugin = [...plugins, url];
      return { path, text: stringify(settings) };
    }
    case 'cline':
      return { path, text: renderTemplate(templates.clineHook, { COMMAND: commands.pre }), executable: true };
  }
}

const parse = (existing: string | null, shownAs: string): Json => parseSettings(existing, shownAs);

/** `settings.hooks[event]` with agent-guard's group last and no earlier agent-guard entry. */
function own(settings: Json, event: string, entry: { matcher?: string; hooks: Json[] }, mark = MARK): void {
  const hooks = (settings.hooks ??= {}) as Record<string, { hooks?: Json[] }[]>;
  const groups = (hooks[event] ?? [])
    .map((g) => ({ ...g, hooks: (g.hooks ?? []).filter((h) => !String(h.command ?? '').includes(mark)) }))
    .filter((g) => g.hooks.length > 0);
  hooks[event] = [...groups, entry];
}

const stringify = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** The OpenCode plugin that runs the guard before every tool call (templates/opencode-plugin.js). */
export function opencodePluginText(template: string, commands: GuardCommands, attentionFile: string): string {
  return renderTemplate(template, { COMMAND: JSON.stringify(commands.pre), ATTENTION: JSON.stringify(attentionFile) });
}
