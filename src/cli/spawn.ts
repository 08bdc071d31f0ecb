import { mainWorktree } from '../git/worktrees.js';
import { repoInfo } from '../git/repo.js';
import { runCommands, setupFailure } from '../io/setup-run.js';
import { spawnAgent, type SpawnOptions, type SpawnResult } from '../lifecycle/spawn.js';
import { writeStdout } from '../io/stdout.js';

export async function spawn(cwd: string, opts: SpawnOptions): Promise<{ exitCode: number; output: string }> {
  const mainRoot = await mainWorktree((await repoInfo(cwd)).root);
  const result = opts.claudeSubagent ? await (await import('../lifecycle/claude-subagent.js')).spawnSubagent(mainRoot, opts) : await spawnAgent(mainRoot, opts);
  writeStdout(result.lines.join('\n') + '\n');
  return runSetup(result, opts.name);
}

/**
 * Runs the config's setup commands in a new worktree with their output shown; a failure is exit 1
 * naming the command and its log, and the worktree stays (status flags it SETUP-FAILED until
 * `agent-guard setup NAME` passes).
 */
export async function runSetup(result: SpawnResult, name: string): Promise<{ exitCode: number; output: string }> {
  if (result.exitCode !== 0 || !result.setup || !result.worktree) return { exitCode: result.exitCode, output: '' };
  const { commands, timeout, gitDir, env } = result.setup;
  writeStdout(`Setting up ${result.worktree}:\n`);
  const state = await runCommands(commands, result.worktree, gitDir, env, { timeout, show: writeStdout, what: 'setup' });
  if (state.ok) return { exitCode: 0, output: '' };
  return { exitCode: 1, output: `${setupFailure(state, gitDir, timeout)} The worktree stays; fix it and run \`agent-guard setup ${name}\`.\n` };
}
