import type { Client } from '../core/clients.js';
import type { GuardAnswer } from '../guard/answer.js';

/** Where a client's tools name what they write or run: tool → the input fields, first found wins. */
export interface ToolFields {
  edit: Record<string, string[]>;
  patch: Record<string, string[]>;
  shell: Record<string, string[]>;
}

/** A client's payload read into the common parts: the tool, its input, the folder. */
export interface RawCall {
  tool: string;
  args: Record<string, unknown>;
  cwd: string | null;
}

/** The file of a worktree where a client reads agent-guard's hooks, as spawn writes it. */
export interface ClientHookFile {
  /** Relative to the worktree (or the main checkout, for a client that reads its hooks there). */
  path: string;
  text: string;
  executable?: boolean;
}

/** The shell commands a client's hooks run: before a call, after a shell command (where it has that), and the record of its waiting/idle events. */
export interface GuardCommands {
  pre: string;
  post: string | null;
  /** `cat > FILE`: records the client's waiting and idle events in the worktree's git dir. */
  attention?: string | null;
  /** That file, shell-quoted (for clients whose event payloads must be wrapped first). */
  attentionFile?: string;
}

/** How a hook writer edits settings (src/clients/hook-files.ts hands these over). */
export interface SettingsEditing {
  parseJson(existing: string | null, shownAs: string): Record<string, unknown>;
  group(matcher: string, command: string, extra?: Record<string, unknown>): { matcher: string; hooks: Record<string, unknown>[] };
  own(settings: Record<string, unknown>, event: string, entry: { matcher?: string; hooks: Record<string, unknown>[] }, mark?: string): void;
  /** The client's waiting and turn-end events, each running `command` (the attention record), in Claude Code's hook shape. */
  attend(settings: Record<string, unknown>, events: string[], command: string, extra?: Record<string, unknown>): void;
  stringify(value: unknown): string;
  renderTemplate(template: string, values: Record<string, string>): string;
}

export interface HookInput {
  edit: SettingsEditing;
  existing: string | null;
  commands: GuardCommands;
  /** The files in templates/ for the clients whose hook is a program. */
  templates: { opencodePlugin: string; clineHook: string };
  /** Where the OpenCode plugin lives (in the worktree's git dir). */
  pluginPath: string;
}

/** What writing a client's trust needs: the folders, its hook file's text, the environment (HOME, CODEX_HOME…). */
export interface TrustInput {
  mainRoot: string;
  worktree: string;
  gitDir: string;
  hookText: string;
  env: NodeJS.ProcessEnv;
}

/**
 * One agent client, all agent-guard knows of it in one place: how its payload is read and answered,
 * which file wires it, how its trust is written and checked, its binary and minimum version, what it
 * reports when it waits. `src/clients/table.ts` lists them; adding a client is one module like this.
 */
export interface AgentClient {
  name: Client;
  title: string;
  /** What starts it (and answers `--version`). */
  binary: string;
  /** The first version whose before-tool hook can deny what agent-guard needs; null: none known. */
  minVersion: string | null;
  /** The instruction file it reads, where `init` writes the rules block. */
  instructions: 'CLAUDE.md' | 'AGENTS.md' | 'GEMINI.md' | 'QWEN.md';
  tools: ToolFields;
  /** Its own payload shape; absent: `tool_name`, `tool_input`, `cwd`. Null: not this shape, read the common one. */
  readCall?(payload: Record<string, unknown>): RawCall | null;
  /** The denial that blocks the call and hands the reason to the model. */
  deny(reason: string): GuardAnswer;
  /** When a call cannot be read: its deny (true) or exit 2 with the reason (false). */
  refusesWithDeny: boolean;
  /** It runs a hook after a shell command, whose answer can report to the model. */
  reportsAfterShell: boolean;
  /** Its hook file, relative to the worktree; null: Claude Code's settings, which spawn writes itself. */
  hookFile: string | null;
  /** It reads a linked worktree's hooks from the main checkout. */
  hooksInMainCheckout: boolean;
  writeHook?(input: HookInput): ClientHookFile;
  /**
   * What else a worktree needs before the client runs there: files to write (OpenCode's plugin,
   * Cline's event programs: `ignore` is the pattern that keeps one out of git) and folders to make
   * (Codex's project folder).
   */
  prepare?(input: { worktree: string; gitDir: string; commands: GuardCommands; templates: HookInput['templates']; pluginPath: string; attentionFile: string; usageFile: string; agentEnv: Record<string, string>; edit: SettingsEditing }): { files?: { path: string; text: string; executable?: boolean; ignore?: string }[]; folders?: string[] };
  /** Whether its hook file (and, for OpenCode, the plugin) holds agent-guard's guard, and the client will load it for this worktree. */
  wired?(input: { hookText: string; plugin: string; worktree: string }): boolean;
  /** Writes the trust it needs in a headless start (files in the user's home); the line that says so. Loaded when asked. */
  addTrust?(input: TrustInput): Promise<string | null>;
  /** Whether that trust is there (null: it needs none). Loaded when asked: the guard never needs it. */
  trusted?(input: TrustInput): Promise<boolean | null>;
  /** Where it keeps a session's record (its tokens) when its payloads carry only the session's id. */
  sessionRecord?(sessionId: string, env: NodeJS.ProcessEnv): string;
  /** What it reports when it needs the human and when its turn ended, as wired (null: nothing). */
  attention: { waiting: string | null; idle: string } | null;
}
