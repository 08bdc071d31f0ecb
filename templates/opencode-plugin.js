// agent-guard: written by `agent-guard spawn` into this agent's worktree (never committed). Before every
// tool call OpenCode makes here, agent-guard's guard judges it against the agent's scope; a refusal
// throws, and OpenCode hands the reason to the model as the tool's error.
import { spawnSync } from 'node:child_process';

const COMMAND = {{COMMAND}};

export const AgentGuard = async ({ directory, worktree }) => ({
  'tool.execute.before': async (input, output) => {
    const payload = JSON.stringify({ tool: input.tool, args: output.args, directory: directory ?? worktree });
    const result = spawnSync('sh', ['-c', COMMAND], { input: payload, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error((result.stderr || '').trim() || `agent-guard: this ${input.tool} call is not allowed here (the guard ended with ${result.status ?? result.signal}).`);
    }
  },
});
