// agent-guard: written by `agent-guard spawn` into this agent's worktree's git dir, out of the agent's
// edits' reach (the worktree's opencode.json names it). Before every tool call OpenCode makes there,
// agent-guard's guard judges it against the agent's scope; a refusal throws, and OpenCode hands the
// reason to the model as the tool's error. When OpenCode asks the human (a permission, a question)
// or goes idle, the event is written where `agent-guard status` reads it, and so is each finished
// model step's token usage, each prompt and each shell command that failed (OpenCode keeps its
// sessions in a database of its own). Every shell OpenCode starts there gets the agent's environment
// (its name, ports, compose project).
import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';

const COMMAND = {{COMMAND}};
const ATTENTION = {{ATTENTION}};
const USAGE = {{USAGE}};
const ENV = {{ENV}};
const ASKS = new Set(['permission.asked', 'question.asked']);
const ANSWERS = new Set(['permission.replied', 'question.replied']);

// The folder OpenCode was started in: its `directory` can name the main checkout for a linked worktree.
const here = process.cwd();
const counted = new Set();

// An assistant message is one model step; its tokens are final once it is completed.
// OpenCode's `input` leaves the cached part out; reasoning is output.
function recordUsage(info) {
  if (!info || info.role !== 'assistant' || !info.tokens || !info.time || !info.time.completed || counted.has(info.id)) return;
  counted.add(info.id);
  const t = info.tokens;
  const cache = t.cache || {};
  const tokens = { input: t.input || 0, output: (t.output || 0) + (t.reasoning || 0), cacheRead: cache.read || 0, cacheWrite: cache.write || 0 };
  record({ type: 'agent-guard.usage', client: 'opencode', id: info.id, model: info.modelID || 'unknown', tokens });
}

function record(line) {
  try {
    appendFileSync(USAGE, `${JSON.stringify(line)}\n`);
  } catch {
    // status only: never in the agent's way
  }
}

const hooks = {
  event: async ({ event }) => {
    const type = event && event.type;
    const idle = type === 'session.idle' || (type === 'session.status' && event.properties && event.properties.status && event.properties.status.type === 'idle');
    try {
      if (type === 'message.updated') recordUsage(event.properties && event.properties.info);
      else if (ASKS.has(type) || idle) writeFileSync(ATTENTION, JSON.stringify({ client_event: idle ? 'session.idle' : type, event: event.properties || {} }));
      else if (ANSWERS.has(type)) rmSync(ATTENTION, { force: true });
    } catch {
      // status only: never in the agent's way
    }
  },
  // a prompt: status counts the ones after a session's first as corrections
  'chat.message': async (input, output) => {
    const message = (output && output.message) || {};
    record({ type: 'agent-guard.prompt', client: 'opencode', session: input.sessionID || message.sessionID || '', id: message.id || '' });
  },
  // a shell command that failed: the same one failing again and again is going in circles
  'tool.execute.after': async (input, output) => {
    const metadata = (output && output.metadata) || {};
    if (input.tool !== 'bash' || typeof metadata.exit !== 'number' || metadata.exit === 0) return;
    const text = typeof metadata.output === 'string' ? metadata.output : '';
    record({ type: 'agent-guard.command', client: 'opencode', id: input.callID || '', command: String((input.args && input.args.command) || ''), exit: metadata.exit, output: text.slice(-4000) });
  },
  'shell.env': async (_input, output) => {
    Object.assign(output.env, ENV);
  },
  'tool.execute.before': async (input, output) => {
    const payload = JSON.stringify({ tool: input.tool, args: output.args, directory: here });
    const result = spawnSync('sh', ['-c', COMMAND], { input: payload, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error((result.stderr || '').trim() || `agent-guard: this ${input.tool} call is not allowed here (the guard ended with ${result.status ?? result.signal}).`);
    }
  },
};

export const AgentGuard = async () => hooks;
