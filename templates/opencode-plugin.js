// agent-guard: written by `agent-guard spawn` into this agent's worktree's git dir, out of the agent's
// edits' reach (the worktree's opencode.json names it). Before every tool call OpenCode makes there,
// agent-guard's guard judges it against the agent's scope; a refusal throws, and OpenCode hands the
// reason to the model as the tool's error. When OpenCode asks the human (a permission, a question)
// or goes idle, the event is written where `agent-guard status` reads it.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

const COMMAND = {{COMMAND}};
const ATTENTION = {{ATTENTION}};
const ASKS = new Set(['permission.asked', 'question.asked']);
const ANSWERS = new Set(['permission.replied', 'question.replied']);

// The folder OpenCode was started in: its `directory` can name the main checkout for a linked worktree.
const here = process.cwd();

export const AgentGuard = async () => ({
  event: async ({ event }) => {
    const type = event && event.type;
    const idle = type === 'session.idle' || (type === 'session.status' && event.properties && event.properties.status && event.properties.status.type === 'idle');
    try {
      if (ASKS.has(type) || idle) writeFileSync(ATTENTION, JSON.stringify({ client_event: idle ? 'session.idle' : type, event: event.properties || {} }));
      else if (ANSWERS.has(type)) rmSync(ATTENTION, { force: true });
    } catch {
      // status only: never in the agent's way
    }
  },
  'tool.execute.before': async (input, output) => {
    const payload = JSON.stringify({ tool: input.tool, args: output.args, directory: here });
    const result = spawnSync('sh', ['-c', COMMAND], { input: payload, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error((result.stderr || '').trim() || `agent-guard: this ${input.tool} call is not allowed here (the guard ended with ${result.status ?? result.signal}).`);
    }
  },
});
