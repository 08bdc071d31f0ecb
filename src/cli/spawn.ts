import { spawnSync } from 'node:child_process';
import { mainWorktree } from '../git/worktrees.js';
import { repoInfo } from '../git/repo.js';
import { spawnAgent, type SpawnOptions, type SpawnResult } from '../lifecycle/spawn.js';
import { writeStdout } from '../io/stdout.js';

export async function spawn(cwd: string, opts: SpawnOptions): Promise<{ exitCode: number; output: string }> {
  const mainRoot = await mainWorktree((await repoInfo(cwd)).root);
  const result = opts.claudeSubagent ? await (await import('../lifecycle/claude-subagent.js')).spawnSubagent(mainRoot, opts) : await spawnAgent(mainRoot, opts);
  writeStdout(result.lines.join('\n') + '\n');
  return runSetup(result);
}

/** Runs the config's `setup` in a new worktree with its output shown; a failure is reported, the worktree stays. */
export function runSetup(result: SpawnResult): { exitCode: number; output: string } {
  if (result.exitCode !== 0 || !result.setup || !result.worktree) return { exitCode: result.exitCode, output: '' };
  writeStdout(`Running setup in ${result.worktree}: ${result.setup}\n`);
  // The setup command is the user's own shell command from the config, so it goes through a shell.
  const setup = spawnSync(result.setup, { cwd: result.worktree, shell: true, stdio: 'inherit' });
  if (setup.status === 0) return { exitCode: 0, output: '' };
  return { exitCode: 1, output: `agent-guard: setup "${result.setup}" failed (exit ${setup.status}); the worktree is ready otherwise. Fix it and run the command in ${result.worktree} yourself.\n` };
}
