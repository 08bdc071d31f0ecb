import type { Client } from '../core/clients.js';
import { obj, PATH_FIELDS, str } from '../clients/payload.js';
import { CLIENT_TABLE } from '../clients/table.js';
import { envelopePaths } from './patch-paths.js';
import { allowAnswer, exit2Answer, jsonAnswer, type GuardAnswer } from './answer.js';

export { allowAnswer, type GuardAnswer };

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
  /** The session's transcript, where the payload names it (Codex's rollout, Gemini CLI's chat log…). */
  transcript: string | null;
  /** The session's id, where the payload names no transcript (Copilot CLI's `sessionId`, Cline's `sessionContext.rootSessionId`). */
  sessionId: string | null;
  /** Claude Code (and Codex, Qwen): the sub-agent that makes the call (`agent_type`; `agent_id` only inside one). */
  agentType: string | null;
  inSubagent: boolean;
}

/** Input fields that carry what a tool writes into a file (for a tool the client's table does not name). */
const WRITE_FIELDS = ['content', 'new_string', 'newString', 'file_text', 'new_source', 'edits', 'new_str', 'text'];

/** What the client's payload asks, read into the one shape; null when it is not an object at all. */
export function readToolCall(client: Client, payload: unknown, registeredFor: string | undefined): ToolCall | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  const event = str(p.hook_event_name) ?? '';
  const own = CLIENT_TABLE[client].readCall?.(p) ?? null;
  const { tool, args, cwd } = own ?? { tool: str(p.tool_name) ?? '', args: obj(p.tool_input), cwd: str(p.cwd) };
  const post = registeredFor === 'post' || /^(PostToolUse|AfterTool|postToolUse)$/.test(event);
  const call: ToolCall = { when: post ? 'post' : 'pre', tool, files: [], command: null, cwd, unreadable: null, transcript: str(p.transcript_path) ?? str(p.transcriptPath), sessionId: str(p.sessionId) ?? str(p.session_id) ?? str(obj(p.sessionContext).rootSessionId), agentType: str(p.agent_type), inSubagent: str(p.agent_id) !== null };
  const fields = CLIENT_TABLE[client].tools;
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

/**
 * A denial in the client's own form, the one its docs (or its source) say blocks the call and hands
 * the reason to the model.
 */
export const denyAnswer = (client: Client, reason: string): GuardAnswer => CLIENT_TABLE[client].deny(reason);

/** What the guard says when it cannot read the call: the client's blocking answer, never a pass by accident. */
export function refuseAnswer(client: Client, why: string): GuardAnswer {
  const reason = `agent-guard guard: ${why}`;
  return CLIENT_TABLE[client].refusesWithDeny ? denyAnswer(client, reason) : exit2Answer(reason);
}

/** After a shell command: the report handed to the model with the result, where the client takes one. */
export function reportAnswer(client: Client, report: string): GuardAnswer {
  return CLIENT_TABLE[client].reportsAfterShell ? jsonAnswer({ decision: 'block', reason: report }) : { exitCode: 0, stdout: '', stderr: `${report}\n` };
}
