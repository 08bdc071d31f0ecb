import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './cli.js';
import { makeRepo, type TestRepo } from './repo.js';

export interface AgentRepo extends TestRepo {
  /** The default worktree folder of an agent. */
  agentPath(name: string): string;
}

/** A repository set up with `init`, a committed config, and one file per scope. Removes its agents' folder too. */
export function makeAgentRepo(config: Record<string, unknown> = {}): AgentRepo {
  const repo = makeRepo();
  repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } }, ...config });
  repo.write('src/orders/a.ts');
  repo.write('web/page.ts');
  repo.write('README.md', '# shop\n');
  const init = run(repo.path, ['init']);
  if (init.code !== 0) throw new Error(init.stderr);
  repo.commitAll('base');
  const remove = repo.remove;
  return {
    ...repo,
    agentPath: (name) => join(`${repo.path}.agents`, name),
    remove: () => {
      remove();
      rmSync(`${repo.path}.agents`, { recursive: true, force: true });
    },
  };
}
