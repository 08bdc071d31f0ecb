import { UsageError } from '../core/errors.js';
import { ATTENTION_MARK, GUARD_MARK } from './marks.js';

const WORKTREE_MARK = 'claude-worktree';

export const GUARD_MATCHER = 'Edit|Write|MultiEdit|NotebookEdit|Bash';

interface HookEntry {
  type?: string;
  command?: string;
}
interface MatcherGroup {
  matcher?: string;
  hooks?: HookEntry[];
}
type Settings = { hooks?: Record<string, MatcherGroup[]> } & Record<string, unknown>;

/**
 * Claude Code settings text with agent-guard's guard registered (once): PreToolUse on edits and
 * Bash (`commands.pre`), PostToolUse on Bash (`commands.post`); other settings kept. Pure.
 */
export function withGuardHook(existing: string | null, commands: { pre: string; post: string }, shownAs: string, everyTool = false): string {
  const settings = parseSettings(existing, shownAs);
  // every tool (reads too) for an agent a spent budget stops; else the calls that can write
  setOwnEntry(settings, 'PreToolUse', GUARD_MARK, { matcher: everyTool ? '*' : GUARD_MATCHER, hooks: [{ type: 'command', command: commands.pre }] });
  setOwnEntry(settings, 'PostToolUse', GUARD_MARK, { matcher: 'Bash', hooks: [{ type: 'command', command: commands.post }] });
  return JSON.stringify(settings, null, 2) + '\n';
}

/**
 * Settings text with Claude Code's `Notification` (it needs the human: a permission prompt, a
 * question, an idle prompt) and `Stop` (its turn ended) recorded at hook speed: one `cat` of the
 * event into the worktree's git dir, no node. Status reads the last one (and the transcript's time,
 * which says whether anything happened since). Pure.
 */
export function withAttentionHooks(existing: string | null, file: string, shownAs: string, notifyCommand: string | null = null): string {
  const settings = parseSettings(existing, shownAs);
  // with `notify` in the config, node follows the cat to hand the event on (a turn's end or a prompt, not a tool call)
  const command = `cat > ${shellQuoteForSettings(file)}${notifyCommand ? ` && ${notifyCommand} ${shellQuoteForSettings(file)}` : ''}`;
  setOwnEntry(settings, 'Notification', ATTENTION_MARK, { hooks: [{ type: 'command', command }] });
  setOwnEntry(settings, 'Stop', ATTENTION_MARK, { hooks: [{ type: 'command', command }] });
  // each session's start, appended as a line: its transcript is where status reads the tokens
  const sessions = file.replace(/attention\.json$/, 'sessions.jsonl');
  setOwnEntry(settings, 'SessionStart', ATTENTION_MARK.replace('attention.json', 'sessions.jsonl'), { hooks: [{ type: 'command', command: `{ cat; echo; } >> ${shellQuoteForSettings(sessions)}` }] });
  return JSON.stringify(settings, null, 2) + '\n';
}

function shellQuoteForSettings(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/**
 * Settings text with Claude Code's Bash sandbox on for an agent: no unsandboxed escape, and
 * `denyWrite` for the given absolute paths (folders outside the agent's scope, the places that keep
 * its hooks and manifest). Other sandbox settings the user set are kept. Pure.
 */
export function withSandbox(existing: string | null, denyWrite: string[], shownAs: string): string {
  const settings = parseSettings(existing, shownAs);
  const sandbox = (typeof settings.sandbox === 'object' && settings.sandbox !== null ? settings.sandbox : {}) as Record<string, unknown>;
  const filesystem = (typeof sandbox.filesystem === 'object' && sandbox.filesystem !== null ? sandbox.filesystem : {}) as Record<string, unknown>;
  settings.sandbox = { ...sandbox, enabled: true, allowUnsandboxedCommands: false, filesystem: { ...filesystem, denyWrite } };
  return JSON.stringify(settings, null, 2) + '\n';
}

/** Settings text with these variables in Claude Code's `env` (every tool call and Bash command of the session gets them); others' kept. Pure. */
export function withEnv(existing: string | null, env: Record<string, string>, shownAs: string): string {
  const settings = parseSettings(existing, shownAs);
  const current = typeof settings.env === 'object' && settings.env !== null ? (settings.env as Record<string, string>) : {};
  settings.env = { ...current, ...env };
  return JSON.stringify(settings, null, 2) + '\n';
}

/** Settings text with agent-guard as Claude Code's WorktreeCreate/WorktreeRemove hooks (they take no matcher). Pure. */
export function withWorktreeHooks(existing: string | null, createCommand: string, removeCommand: string, shownAs: string): string {
  const settings = parseSettings(existing, shownAs);
  setOwnEntry(settings, 'WorktreeCreate', WORKTREE_MARK, { hooks: [{ type: 'command', command: createCommand }] });
  setOwnEntry(settings, 'WorktreeRemove', WORKTREE_MARK, { hooks: [{ type: 'command', command: removeCommand }] });
  return JSON.stringify(settings, null, 2) + '\n';
}

/** A JSON settings file's object (empty when absent); anything else is a usage error naming the file. */
export function parseSettings(existing: string | null, shownAs: string): Settings {
  if (existing === null || existing.trim() === '') return {};
  try {
    const parsed = JSON.parse(existing) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Settings;
  } catch {
    // reported below
  }
  throw new UsageError(`agent-guard: ${shownAs} is not a JSON object; fix it (agent-guard will not overwrite it) and run again.`);
}

/**
 * `settings.hooks[event]` with `entry` last and no earlier entry of agent-guard's (a command holding
 * `mark`); the user's own hooks stay as they are. Every client whose settings take Claude Code's
 * hook shape is edited through this.
 */
export function setOwnEntry(settings: Settings, event: string, mark: string, entry: MatcherGroup): void {
  const hooks = (settings.hooks ??= {});
  const groups = (hooks[event] ?? [])
    .map((group) => ({ ...group, hooks: (group.hooks ?? []).filter((h) => !String(h.command ?? '').includes(mark)) }))
    .filter((group) => group.hooks.length > 0);
  hooks[event] = [...groups, entry];
}
