import type { Client } from '../core/clients.js';
import { envelopePaths } from './patch-paths.js';

export type { Client };

/**
 * One tool call, whatever client sent it: the question the guard answers. `files`: what it would
 * write, as named (absolute, or relative to `cwd`); `command`: the shell command it would run.
 */
export interface ToolCall {
  when: 'pre' | 'post';
  tool: string;
  files: string[];
  command: string | null;
  cwd: string | null;
  /** The call names a file-writing tool but no file agent-guard can read: it cannot be judged. */
  unreadable: string | null;
  /** Claude Code (and Codex, Qwen): the sub-agent that makes the call (`agent_type`; `agent_id` only inside one). */
  agentType: string | null;
  inSubagent: boolean;
}

type Fields = { edit: Record<string, string[]>; patch: Record<string, string[]>; shell: Record<string, string[]> };

const PATH_FIELDS = ['file_path', 'path', 'filePath', 'notebook_path', 'filename', 'target_file'];
/** Input fields that carry what a tool writes into a file. */
const WRITE_FIELDS = ['content', 'new_string', 'newString', 'file_text', 'new_source', 'edits', 'new_str', 'text'];

// Each client's tools that write files or run commands, and where each names them (AGENT-CLIENTS.md,
// checked against the pinned clients where they run here).
const TOOLS: Record<Client, Fields> = {
  // `path` too: Copilot CLI runs Claude Code's settings hooks with Claude's tool names but its own arguments
  claude: { edit: { Edit: ['file_path', 'path'], Write: ['file_path', 'path'], MultiEdit: ['file_path', 'path'], NotebookEdit: ['notebook_path', 'file_path', 'path'] }, patch: {}, shell: { Bash: ['command'] } },
  codex: { edit: { Write: ['file_path'], Edit: ['file_path'] }, patch: { apply_patch: ['command', 'patch', 'input'] }, shell: { Bash: ['command'], exec_command: ['cmd', 'command'], shell: ['command'] } },
  qwen: { edit: { write_file: ['file_path'], edit: ['file_path'], WriteFile: ['file_path'], Edit: ['file_path'] }, patch: {}, shell: { run_shell_command: ['command'] } },
  droid: { edit: { Create: ['file_path'], Edit: ['file_path'], MultiEdit: ['file_path'], Write: ['file_path'] }, patch: { ApplyPatch: ['patch', 'input'] }, shell: { Execute: ['command'], Bash: ['command'] } },
  gemini: { edit: { write_file: ['file_path'], replace: ['file_path'] }, patch: {}, shell: { run_shell_command: ['command'] } },
  copilot: { edit: { edit: PATH_FIELDS, create: PATH_FIELDS, write: PATH_FIELDS, str_replace_editor: PATH_FIELDS }, patch: { apply_patch: ['patch', 'input', 'command'] }, shell: { bash: ['command'], shell: ['command'] } },
  opencode: { edit: { write: ['filePath'], edit: ['filePath'], multiedit: ['filePath'] }, patch: { apply_patch: ['patchText'], patch: ['patchText'] }, shell: { bash: ['command'] } },
  cursor: { edit: { Write: PATH_FIELDS, Edit: PATH_FIELDS, MultiEdit: PATH_FIELDS, edit_file: PATH_FIELDS, write: PATH_FIELDS }, patch: {}, shell: { Shell: ['command'], run_terminal_cmd: ['command'] } },
  cline: { edit: { editor: ['path'], write_to_file: ['path'], replace_in_file: ['path'] }, patch: { apply_patch: ['input', 'patch'] }, shell: { run_commands: ['commands', 'command'], execute_command: ['command'] } },
};

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** What the client's payload asks, read into the one shape; null when it is not an object at all. */
export function readToolCall(client: Client, payload: unknown, registeredFor: string | undefined): ToolCall | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  let tool = '';
  let args: Record<string, unknown> = {};
  const event = str(p.hook_event_name) ?? '';
  let cwd = str(p.cwd);
  if (client === 'copilot' && p.toolName !== undefined) {
    // camelCase events: toolArgs is a JSON string
    tool = str(p.toolName) ?? '';
    args = typeof p.toolArgs === 'string' ? obj(safeJson(p.toolArgs)) : obj(p.toolArgs);
  } else if (client === 'opencode') {
    tool = str(p.tool) ?? '';
    args = obj(p.args);
    cwd = str(p.directory) ?? cwd;
  } else if (client === 'cursor' && p.hook_event_name === 'beforeShellExecution') {
    tool = 'Shell';
    args = { command: p.command };
  } else if (client === 'cline') {
    const pre = obj(p.preToolUse);
    const call = obj(p.tool_call);
    tool = str(pre.toolName) ?? str(call.name) ?? '';
    args = Object.keys(obj(call.input)).length ? obj(call.input) : obj(pre.parameters);
    cwd = str((p.workspaceRoots as unknown[] | undefined)?.[0]) ?? cwd;
  } else {
    tool = str(p.tool_name) ?? '';
    args = obj(p.tool_input);
  }
  if (client === 'gemini') cwd = joinDir(cwd, str(args.dir_path));
  const post = registeredFor === 'post' || /^(PostToolUse|AfterTool|postToolUse)$/.test(event);
  const call: ToolCall = { when: post ? 'post' : 'pre', tool, files: [], command: null, cwd, unreadable: null, agentType: str(p.agent_type), inSubagent: str(p.agent_id) !== null };
  const fields = TOOLS[client];
  const first = (names: string[]) => names.map((n) => args[n]).find((v) => (typeof v === 'string' && v !== '') || Array.isArray(v));
  if (tool in fields.shell) {
    if (Object.keys(args).length === 0) call.unreadable = `the ${tool} call has no tool_input`;
    const command = first(fields.shell[tool]!);
    call.command = Array.isArray(command) ? command.filter((c) => typeof c === 'string').join('\n') : (command as string | undefined) ?? null;
  } else if (tool in fields.patch) {
    const text = first(fields.patch[tool]!);
    const paths = typeof text === 'string' ? envelopePaths(text) : [];
    if (paths.length === 0) call.unreadable = `the ${tool} call holds no patch whose files agent-guard can read`;
    call.files = paths;
  } else if (tool in fields.edit) {
    const file = first(fields.edit[tool]!);
    if (typeof file !== 'string') call.unreadable = `the ${tool} call names no file (${fields.edit[tool]!.join(' or ')})`;
    else call.files = [file];
  } else {
    // A tool this client's table does not name (another client's payload, a newer client's tool):
    // judged by what its input holds, never let through by accident — a path with content to write
    // is an edit, a command of a shell-like tool is a command.
    const file = first(PATH_FIELDS);
    const writes = WRITE_FIELDS.some((f) => f in args);
    if (typeof file === 'string' && writes) call.files = [file];
    else if (/bash|shell|exec|command|terminal|execute/i.test(tool) && typeof first(['command', 'cmd']) === 'string') call.command = first(['command', 'cmd']) as string;
    else if (/patch/i.test(tool)) {
      const text = first(['patch', 'patchText', 'input', 'command']);
      call.files = typeof text === 'string' ? envelopePaths(text) : [];
      if (call.files.length === 0) call.unreadable = `the ${tool} call holds no patch whose files agent-guard can read`;
    }
  }
  return call;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function joinDir(cwd: string | null, dir: string | null): string | null {
  if (!dir) return cwd;
  if (dir.startsWith('/') || !cwd) return dir;
  return `${cwd.replace(/\/+$/, '')}/${dir}`;
}

export interface GuardAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const allowAnswer = (): GuardAnswer => ({ exitCode: 0, stdout: '', stderr: '' });

/**
 * A denial in the client's own form, the one its docs (or its source) say blocks the call and hands
 * the reason to the model: exit 2 with the reason on stderr where that is verified, else the
 * structured decision on stdout.
 */
export function denyAnswer(client: Client, reason: string): GuardAnswer {
  switch (client) {
    case 'claude':
    case 'qwen':
      return json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } });
    case 'copilot':
      return json({ permissionDecision: 'deny', permissionDecisionReason: reason });
    case 'cursor':
      return { ...json({ permission: 'deny', user_message: reason, agent_message: reason }), exitCode: 2, stderr: `${reason}\n` };
    case 'cline':
      // Cline's file hooks cannot skip one call: a cancel ends the task, with this message.
      return json({ cancel: true, errorMessage: reason });
    default:
      // codex, gemini, droid, opencode (the plugin throws with stderr): exit 2 blocks, stderr is the reason
      return { exitCode: 2, stdout: '', stderr: `${reason}\n` };
  }
}

/** What the guard says when it cannot read the call: the client's blocking answer, never a pass by accident. */
export function refuseAnswer(client: Client, why: string): GuardAnswer {
  const reason = `agent-guard guard: ${why}`;
  if (client === 'cline' || client === 'copilot' || client === 'cursor') return denyAnswer(client, reason);
  return { exitCode: 2, stdout: '', stderr: `${reason}\n` };
}

/** After a shell command: the report handed to the model with the result, where the client takes one. */
export function reportAnswer(client: Client, report: string): GuardAnswer {
  if (client === 'claude' || client === 'codex' || client === 'qwen' || client === 'droid') return json({ decision: 'block', reason: report });
  return { exitCode: 0, stdout: '', stderr: `${report}\n` };
}

const json = (value: unknown): GuardAnswer => ({ exitCode: 0, stdout: JSON.stringify(value) + '\n', stderr: '' });
