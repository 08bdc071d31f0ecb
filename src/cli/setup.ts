import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import { readManifest } from '../config/manifest-store.js';
import { UsageError } from '../core/errors.js';
import { agentEnvironment } from '../core/ports.js';
import { repoInfo } from '../git/repo.js';
import { listLiveWorktrees, mainWorktree } from '../git/worktrees.js';
import { writeStdout } from '../io/stdout.js';
import { assertAgentName, placeOf } from '../config/agent-places.js';
import { runCommands, setupFailure } from '../io/setup-run.js';

/** `agent-guard setup NAME`: runs the config's setup commands in agent NAME's worktree again (exit 1 if one fails). */
export async function setup(cwd: string, name: string): Promise<{ exitCode: number; output: string }> {
  assertAgentName(name);
  const mainRoot = await mainWorktree((await repoInfo(cwd)).root);
  const { config, file } = await loadConfig(mainRoot);
  if (!(name in config.agents)) throw new UsageError(`agent-guard setup: agent "${name}" is not in ${file}.`);
  const commands = config.setup?.run ?? [];
  if (commands.length === 0) throw new UsageError(`agent-guard setup: ${file} has no setup commands (setup, or setup.run).`);
  const worktree = placeOf(config, name, await listLiveWorktrees(mainRoot)).worktree;
  if (!worktree || worktree.prunable) throw new UsageError(`agent-guard setup: agent "${name}" has no worktree; agent-guard spawn ${name} makes one (and runs setup there).`);
  const { gitDir } = await repoInfo(worktree.path);
  const env = agentEnvironment(name, basename(mainRoot), readManifest(gitDir)?.ports ?? null);
  const state = await runCommands(commands, worktree.path, gitDir, env, { timeout: config.setup!.timeout, show: writeStdout, what: 'setup' });
  if (!state.ok) return { exitCode: 1, output: `${setupFailure(state, gitDir, config.setup!.timeout)}\n` };
  return { exitCode: 0, output: `Setup of agent "${name}" passed.\n` };
}
