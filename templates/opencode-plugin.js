// agent-guard: written by `agent-guard spawn` into this agent's worktree's git dir, out of the agent's
// edits' reach (the worktree's opencode.json names it). Before every tool call OpenCode makes there,
// agent-guard's guard judges it against the agent's scope; a refusal throws, and OpenCode hands the
// reason to the model as the tool's error.
import { spawnSync } from 'node:child_process';

const COMMAND = {{COMMAND}};

// The folder OpenCode was started in: its `directory` can name the main checkout for a linked worktree.
const here = process.cwd();

export const AgentGuard = async () => ({
  'tool.execute.before': async (input, output) => {
    const payload = JSON.stringify({ tool: input.tool, args: output.args, directory: here });
    const result = spawnSync('sh', ['-c', COMMAND], { input: payload, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error((result.stderr || '').trim() || `agent-guard: this ${input.tool} call is not allowed here (the guard ended with ${result.status ?? result.signal}).`);
    }
  },
});
