import type { Client } from '../core/clients.js';
import { runGuard } from '../guard/run.js';
import { readJsonStdin } from '../guard/stdin.js';
import { claudeWorktreeCreate, claudeWorktreeRemove } from '../lifecycle/claude-worktree.js';

/** `agent-guard guard`: the same guard the lean entry runs, for scripting and debugging. */
export async function guard(registeredFor?: string, client: Client = 'claude'): Promise<number> {
  const { exitCode, stdout, stderr } = await runGuard(await readJsonStdin(), process.env, registeredFor, undefined, client);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  return exitCode;
}

export async function claudeWorktree(event: 'create' | 'remove'): Promise<number> {
  const handle = event === 'create' ? claudeWorktreeCreate : claudeWorktreeRemove;
  const { exitCode, stdout, stderr } = await handle(await readJsonStdin(), process.env);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  return exitCode;
}
