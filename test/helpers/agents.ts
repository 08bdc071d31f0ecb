import { join } from 'node:path';
import { discard } from './discard.js';
import { run } from './cli.js';
import { copyOfFixture } from './fixture.js';
import { makeRepo, repoAt, type TestRepo } from './repo.js';

export interface AgentRepo extends TestRepo {
  /** The default worktree folder of an agent. */
  agentPath(name: string): string;
}

export interface AgentRepoOptions {
  /** Files committed beside the base set (path → content). */
  files?: Record<string, string>;
  /** Agents spawned (in this order) after the base commit. */
  spawn?: string[];
}

/**
 * A repository set up with `init`, a committed config, one file per scope (and `files`), and the
 * `spawn` agents spawned. Built once per test process for each set of arguments and copied for each
 * test. Removes its agents' folder too.
 */
export function makeAgentRepo(config: Record<string, unknown> = {}, options: AgentRepoOptions = {}): AgentRepo {
  return agentRepoAt(copyOfFixture(JSON.stringify({ config, options }), () => buildAgentRepo(config, options)));
}

/** The helpers for an agent repository at `root` (e.g. a copy of a fixture built on makeAgentRepo). */
export function agentRepoAt(root: string): AgentRepo {
  const repo = repoAt(root);
  return {
    ...repo,
    agentPath: (name) => join(`${repo.path}.agents`, name),
    remove: () => {
      repo.remove();
      discard(`${repo.path}.agents`);
    },
  };
}

function buildAgentRepo(config: Record<string, unknown>, options: AgentRepoOptions): string {
  const spawn = options.spawn ?? [];
  if (spawn.length) {
    // From a copy of the same repository with one agent fewer (itself a fixture): init and the
    // earlier spawns are not run again for each list of agents.
    const fewer = spawn.length > 1 ? { ...options, spawn: spawn.slice(0, -1) } : { files: options.files };
    const repo = makeAgentRepo(config, fewer);
    const spawned = run(repo.path, ['spawn', spawn.at(-1)!]);
    if (spawned.code !== 0) throw new Error(spawned.stdout + spawned.stderr);
    return repo.path;
  }
  const repo = makeRepo();
  repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } }, ...config });
  repo.write('src/orders/a.ts');
  repo.write('web/page.ts');
  repo.write('README.md', '# shop\n');
  for (const [file, content] of Object.entries(options.files ?? {})) repo.write(file, content);
  const init = run(repo.path, ['init']);
  if (init.code !== 0) throw new Error(init.stderr);
  repo.commitAll('base');
  return repo.path;
}
