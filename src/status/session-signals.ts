/**
 * Restart signals read from a session's record line by line (Claude Code's transcript, Codex's
 * rollout, Copilot CLI's events, Gemini CLI's and Qwen Code's chat logs, Cline's messages, OpenCode's
 * plugin's record): the human's prompts (each
 * after a session's first is a correction) and failing commands and tests (the same one failing
 * again and again is going in circles). Pure: a tally in, the next tally out.
 */
export interface SignalTally {
  /** The human's prompts in this transcript. */
  prompts: number;
  /** Bash calls not answered yet: tool_use id → command (the last few). */
  pending: Record<string, string>;
  /** The sessions whose first prompt was seen (agent-guard's own record holds several sessions). */
  sessions?: string[];
  /** `command: …` or `test: …` → how often it failed. */
  failures: Record<string, number>;
}

export const emptySignals = (): SignalTally => ({ prompts: 0, pending: {}, failures: {} });

/** "3+ corrections without improving": the guide's point to kill and restart. */
export const RESTART_AFTER_CORRECTIONS = 3;
const KEEP_PENDING = 50;
const KEEP_FAILURES = 200;

interface ContentItem {
  type?: unknown;
  id?: unknown;
  name?: unknown;
  input?: { command?: unknown };
  tool_use_id?: unknown;
  is_error?: unknown;
  content?: unknown;
  text?: unknown;
}
export interface TranscriptLine {
  type?: unknown;
  isMeta?: unknown;
  isSidechain?: unknown;
  promptSource?: unknown;
  message?: { role?: unknown; content?: unknown; parts?: unknown };
  /** Qwen Code's chat log: who wrote a user line, and a tool's result. */
  provenance?: unknown;
  toolCallResult?: unknown;
  /** Copilot CLI's events. */
  data?: unknown;
  /** Codex's rollout. */
  payload?: unknown;
  /** Gemini CLI's chat log: a message's parts, and a reply's tool calls. */
  content?: unknown;
  toolCalls?: unknown;
}

/** Adds one transcript line's signals to `tally` (changed in place). */
export function addSignals(tally: SignalTally, line: TranscriptLine): void {
  if (line.isSidechain === true) return; // a sub-agent's own conversation
  if (typeof line.type === 'string' && line.type.startsWith('agent-guard.')) {
    ownSignals(tally, line as OwnLine);
    return;
  }
  if (typeof line.type === 'string' && line.type.includes('.')) {
    copilotSignals(tally, line.type, line.data);
    return;
  }
  if (line.type === 'event_msg') {
    codexSignals(tally, line.payload);
    return;
  }
  if (Array.isArray(line.message?.parts)) {
    qwenSignals(tally, line, line.message.parts.map(fields));
    return;
  }
  if (line.type === 'gemini' || (line.type === 'user' && line.message === undefined)) {
    geminiSignals(tally, line);
    return;
  }
  const content = line.message?.content;
  if (line.type === 'assistant' && Array.isArray(content)) {
    for (const item of content as ContentItem[]) {
      if (item?.type === 'tool_use' && item.name === 'Bash' && typeof item.id === 'string' && typeof item.input?.command === 'string') remember(tally, item.id, item.input.command);
    }
    return;
  }
  if (line.type !== 'user' || line.isMeta === true || line.promptSource === 'system') return;
  if (typeof content === 'string' || (Array.isArray(content) && content.length > 0 && content.every((i: ContentItem) => i?.type === 'text'))) {
    if (isHumanPrompt(typeof content === 'string' ? content : (content as ContentItem[]).map((i) => String(i.text ?? '')).join('\n'))) tally.prompts++;
    return;
  }
  if (!Array.isArray(content)) return;
  for (const item of content as ContentItem[]) {
    if (item?.type !== 'tool_result' || typeof item.tool_use_id !== 'string') continue;
    const command = tally.pending[item.tool_use_id];
    if (command === undefined) continue;
    delete tally.pending[item.tool_use_id];
    if (item.is_error === true) failed(tally, command, textOf(item.content));
  }
}

/**
 * Cline's messages (`<id>.messages.json`, a document rewritten whole): a user message of text is a
 * prompt; each command of a `run_commands` result that did not succeed is a failure.
 */
export function addClineMessages(tally: SignalTally, messages: unknown): void {
  if (!Array.isArray(messages)) return;
  for (const message of messages.map(fields)) {
    if (message.role !== 'user' || !Array.isArray(message.content)) continue;
    const parts = message.content.map(fields);
    if (parts.length > 0 && parts.every((p) => p.type === 'text' && typeof p.text === 'string')) {
      if (isHumanPrompt(parts.map((p) => p.text).join('\n'))) tally.prompts++;
      continue;
    }
    for (const part of parts) {
      if (part.type !== 'tool_result' || !Array.isArray(part.content)) continue;
      for (const run of part.content.map(fields)) {
        if (run.success === false && typeof run.query === 'string') failed(tally, run.query.trim(), typeof run.result === 'string' ? run.result : '');
      }
    }
  }
}

/** What OpenCode's plugin (templates/opencode-plugin.js) records: a prompt, a failed shell command. */
interface OwnLine {
  type: string;
  session?: unknown;
  command?: unknown;
  exit?: unknown;
  output?: unknown;
}

/**
 * agent-guard's own record, one file for all of a worktree's sessions: a prompt counts as a
 * correction unless it is its session's first (the tally's `prompts` then stays one above the
 * corrections, as for a transcript of one session).
 */
function ownSignals(tally: SignalTally, line: OwnLine): void {
  if (line.type === 'agent-guard.prompt') {
    const session = typeof line.session === 'string' ? line.session : '';
    const seen = (tally.sessions ??= []);
    if (seen.includes(session)) tally.prompts++;
    else {
      tally.sessions = [...seen.slice(-49), session];
      tally.prompts = Math.max(tally.prompts, 1);
    }
  } else if (line.type === 'agent-guard.command' && typeof line.command === 'string' && typeof line.exit === 'number' && line.exit !== 0) {
    failed(tally, line.command.trim(), typeof line.output === 'string' ? line.output : '');
  }
}

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {});

/** Copilot CLI: `user.message` is a prompt; a shell call's `tool.execution_complete` carries its exit code. */
function copilotSignals(tally: SignalTally, type: string, data: unknown): void {
  const d = fields(data);
  if (type === 'user.message') {
    if (typeof d.content === 'string' && isHumanPrompt(d.content)) tally.prompts++;
  } else if (type === 'tool.execution_start') {
    const command = fields(d.arguments).command;
    if (typeof d.toolCallId === 'string' && /^(bash|shell|powershell)$/.test(String(d.toolName)) && typeof command === 'string') remember(tally, d.toolCallId, command);
  } else if (type === 'tool.execution_complete' && typeof d.toolCallId === 'string') {
    const command = tally.pending[d.toolCallId];
    if (command === undefined) return;
    delete tally.pending[d.toolCallId];
    const exit = fields(d.shellExecution).exitCode;
    if (typeof exit === 'number' && exit !== 0) failed(tally, command, textOf(fields(d.result).content));
  }
}

/**
 * Gemini CLI: a user line of text parts is a prompt; a shell call's command comes with the reply
 * (written twice: the id is remembered once), its exit code in the output of the user line that
 * answers it.
 */
function geminiSignals(tally: SignalTally, line: TranscriptLine): void {
  if (line.type === 'gemini') {
    if (!Array.isArray(line.toolCalls)) return;
    for (const call of line.toolCalls.map(fields)) {
      const command = fields(call.args).command;
      if (call.name === 'run_shell_command' && typeof call.id === 'string' && typeof command === 'string') remember(tally, call.id, command);
    }
    return;
  }
  if (!Array.isArray(line.content)) return;
  const parts = line.content.map(fields);
  if (parts.length > 0 && parts.every((p) => typeof p.text === 'string')) {
    if (isHumanPrompt(parts.map((p) => p.text).join('\n'))) tally.prompts++;
    return;
  }
  for (const part of parts) {
    const response = fields(part.functionResponse);
    if (typeof response.id !== 'string') continue;
    const command = tally.pending[response.id];
    if (command === undefined) continue;
    delete tally.pending[response.id];
    const output = String(fields(response.response).output ?? '');
    const exit = /^Exit Code: (\d+)$/m.exec(output);
    if (exit && exit[1] !== '0') failed(tally, command, output.replace(/^Output: /m, ''));
  }
}

/** Qwen Code: Gemini's parts in Claude Code's lines; a user line the person wrote is `real_user`, a shell result carries its exit code. */
function qwenSignals(tally: SignalTally, line: TranscriptLine, parts: Fields[]): void {
  if (line.type === 'user') {
    if (line.provenance === 'real_user' && parts.every((p) => typeof p.text === 'string') && isHumanPrompt(parts.map((p) => p.text).join('\n'))) tally.prompts++;
  } else if (line.type === 'assistant') {
    for (const part of parts) {
      const call = fields(part.functionCall);
      const command = fields(call.args).command;
      if (call.name === 'run_shell_command' && typeof call.id === 'string' && typeof command === 'string') remember(tally, call.id, command);
    }
  } else if (line.type === 'tool_result') {
    const result = fields(line.toolCallResult);
    const command = typeof result.callId === 'string' ? tally.pending[result.callId] : undefined;
    if (command === undefined) return;
    delete tally.pending[result.callId as string];
    const display = fields(result.resultDisplay);
    if (typeof display.exitCode === 'number' && display.exitCode !== 0) failed(tally, command, typeof display.output === 'string' ? display.output : '');
  }
}

/** Codex: each finished item of a turn, a user's message or a command with its exit code. */
function codexSignals(tally: SignalTally, payload: unknown): void {
  const p = fields(payload);
  if (p.type !== 'item_completed') return;
  const item = fields(p.item);
  if (item.type === 'UserMessage' && Array.isArray(item.content)) {
    if (isHumanPrompt(textOf(item.content))) tally.prompts++;
  } else if (item.type === 'CommandExecution' && typeof item.exit_code === 'number' && item.exit_code !== 0 && Array.isArray(item.command)) {
    const argv = item.command.map(String);
    // `bash -lc "the command"`: the model's command is the last word
    const command = argv.length === 3 && /^-l?c$/.test(argv[1]!) ? argv[2]! : argv.join(' ');
    failed(tally, command.trim(), typeof item.aggregated_output === 'string' ? item.aggregated_output : '');
  }
}

function remember(tally: SignalTally, id: string, command: string): void {
  tally.pending[id] = command.trim();
  const ids = Object.keys(tally.pending);
  if (ids.length > KEEP_PENDING) delete tally.pending[ids[0]!];
}

function failed(tally: SignalTally, command: string, output: string): void {
  count(tally, `command: ${command}`);
  for (const test of failingTests(output)) count(tally, `test: ${test}`);
}

/** The first failure seen `times` times or more ("command: …" / "test: …"), or null. */
export function repeatedFailure(failures: Record<string, number>, times: number): string | null {
  for (const [key, n] of Object.entries(failures)) if (n >= times) return key;
  return null;
}

/** Prompts the client writes as the user's that no person typed: slash-command echoes, interruptions, task notices. */
function isHumanPrompt(text: string): boolean {
  const t = text.trimStart();
  return t.length > 0 && !/^(<command-name>|<command-message>|<local-command-|<task-notification>|<system-reminder>|\[Request interrupted)/.test(t);
}

function count(tally: SignalTally, key: string): void {
  tally.failures[key] = (tally.failures[key] ?? 0) + 1;
  const keys = Object.keys(tally.failures);
  if (keys.length > KEEP_FAILURES) delete tally.failures[keys[0]!];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((i: ContentItem) => (typeof i?.text === 'string' ? i.text : '')).join('\n');
  return '';
}

/**
 * The failing tests a test runner's output names: vitest/jest (`FAIL file > test`, `× test`,
 * `✕ test`), pytest (`FAILED file::test`), go (`--- FAIL: Test`), TAP and node:test (`not ok N - test`).
 */
export function failingTests(output: string): string[] {
  const found = new Set<string>();
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
    const match =
      /^FAIL\s+(.+?\s>\s.+)$/.exec(line) ??
      /^[×✕]\s+(.+?)(?:\s+\d+\s*ms)?$/.exec(line) ??
      /^FAILED\s+(\S+::\S+)/.exec(line) ??
      /^--- FAIL:\s+(\S+)/.exec(line) ??
      /^not ok\s+\d+\s+(?:-\s+)?(.+)$/.exec(line);
    if (match) found.add(match[1]!.trim());
  }
  return [...found];
}
