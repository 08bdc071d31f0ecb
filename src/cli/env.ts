import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import { readManifest } from '../config/manifest-store.js';
import { UsageError } from '../core/errors.js';
import { agentEnvironment, exportLines } from '../core/ports.js';
import { repoInfo } from '../git/repo.js';
import { listLiveWorktrees, mainWorktree } from '../git/worktrees.js';
import { assertAgentName, placeOf } from '../config/agent-places.js';

/**
 * `agent-guard env [NAME] [--json]`: the environment of agent NAME (or of this worktree's agent) —
 * its name, its ports and its Compose project — as `export` lines a shell sources, or JSON.
 */
export async function env(cwd: string, name: string | undefined, json: boolean): Promise<{ exitCode: number; output: string }> {
  const here = await repoInfo(cwd);
  const mainRoot = await mainWorktree(here.root);
  let gitDir = here.gitDir;
  if (name !== undefined) {
    assertAgentName(name);
    const { config, file } = await loadConfig(mainRoot);
    if (!(name in config.agents)) throw new UsageError(`agent-guard env: agent "${name}" is not in ${file}.`);
    const worktree = placeOf(config, name, await listLiveWorktrees(mainRoot)).worktree;
    if (!worktree || worktree.prunable) throw new UsageError(`agent-guard env: agent "${name}" has no worktree; its ports are handed out when it is spawned (agent-guard spawn ${name}).`);
    gitDir = (await repoInfo(worktree.path)).gitDir;
  }
  const manifest = readManifest(gitDir);
  if (!manifest) throw new UsageError('agent-guard env: this is no agent worktree; name the agent: agent-guard env NAME');
  const vars = agentEnvironment(manifest.agent, basename(mainRoot), manifest.ports ?? null);
  return { exitCode: 0, output: json ? JSON.stringify({ agent: manifest.agent, ports: manifest.ports ?? null, env: vars }) + '\n' : exportLines(vars) };
}
