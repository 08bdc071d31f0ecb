// `status --json` with 10 agents, each with a few commits and uncommitted changes, in a 20,000-file repository.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, compareMs, git, repoWithAgents, report, spawnWithCommits } from './lib.mjs';

export function benchStatus({ tracked = 20_000, agents = 10 } = {}) {
  const { path: repo } = repoWithAgents(tracked, agents);
  const worktrees = spawnWithCommits(repo, agents, (i, c) => [`pkg${i}/sub${c}/new ${c}.ts`, `// commit ${c}\n`]);
  worktrees.forEach((wt, i) => {
    writeFileSync(join(wt, `pkg${i}/sub4/draft.ts`), '// uncommitted\n');
    writeFileSync(join(wt, `pkg${(i + 1) % agents}/sub5/stray.ts`), '// out of scope\n');
  });
  // An agent's own git commands keep its index fresh; freshly checked-out files are "racily clean"
  // for the first second, which would make every read-only status re-hash them. Settle that first.
  execFileSync('sleep', ['1.1']);
  for (let i = 0; i < agents; i++) git(`${repo}.agents/agent${i}`, 'update-index', '-q', '--refresh');
  // The part no status can skip: `git status` in every agent worktree (it stats all tracked files).
  const statuses = Array.from({ length: agents }, (_, i) => `git -C "${repo}.agents/agent${i}" status --porcelain=v2 -z --untracked-files=all >/dev/null &`).join(' ');
  const [nodeFloor, gitFloor, floor, status] = compareMs(
    [
      { cmd: process.execPath, args: ['-e', '0'], cwd: repo },
      { cmd: 'sh', args: ['-c', `${statuses} wait`], cwd: repo },
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && { ${statuses} wait; }`], cwd: repo },
      { cmd: process.execPath, args: [CLI, 'status', '--json'], cwd: repo },
    ],
    7,
  );
  console.log(`\nstatus --json: ${agents} agents with 3 commits and 2 uncommitted files each, ${tracked} tracked files (medians)`);
  report([
    { name: 'node -e 0', ms: nodeFloor },
    { name: `${agents} x git status, in parallel`, ms: gitFloor },
    { name: 'floor: node -e 0, then those git status', ms: floor },
    { name: 'status --json', ms: status, floor },
  ]);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
  return { status, floor };
}
