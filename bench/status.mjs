// `status --json` with 10 agents, each with a few commits and uncommitted changes, in a 20,000-file repository.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cli, compareMs, git, repoWithAgents, report, spawnWithCommits } from './lib.mjs';

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
  report(`status --json: ${agents} agents with 3 commits and 2 uncommitted files each, ${tracked} tracked files (medians)`, [
    { name: 'node -e 0', ms: nodeFloor },
    { name: `${agents} x git status, in parallel`, ms: gitFloor },
    { name: 'floor: node -e 0, then those git status', ms: floor },
    { name: 'status --json', ms: status, floor, goal: '≤ 1.3×' },
  ]);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
  return { status, floor };
}

/**
 * The shape a user meets first: 10 agents spawned one after the other with `spawn NAME --scope`
 * from a config that did not declare them (so the config is uncommitted on main), each with one
 * commit and one uncommitted file, and `status --json` run through the installed bin (its
 * `#!/usr/bin/env node` line, as a shell runs it).
 */
export function benchStatusFirstUse({ tracked = 20_000, agents = 10 } = {}) {
  const { path: repo } = repoWithAgents(tracked, agents);
  writeFileSync(join(repo, 'agent-guard.config.json'), JSON.stringify({ base: 'main', agents: {} }));
  cli(repo, 'init');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'init');
  for (let i = 0; i < agents; i++) {
    cli(repo, 'spawn', `agent${i}`, '--scope', `pkg${i}/**`);
    const wt = `${repo}.agents/agent${i}`;
    writeFileSync(join(wt, `pkg${i}/sub0/new.ts`), '// committed\n');
    git(wt, 'add', '-A');
    git(wt, 'commit', '-q', '--no-verify', '-m', `agent${i} work`);
    writeFileSync(join(wt, `pkg${i}/sub1/draft.ts`), '// uncommitted\n');
  }
  const statuses = Array.from({ length: agents }, (_, i) => `git -C "${repo}.agents/agent${i}" status --porcelain=v2 -z --untracked-files=all >/dev/null &`).join(' ');
  const [nodeFloor, floor, status] = compareMs(
    [
      { cmd: process.execPath, args: ['-e', '0'], cwd: repo },
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && { ${statuses} wait; }`], cwd: repo },
      { cmd: CLI, args: ['status', '--json'], cwd: repo },
    ],
    7,
  );
  report(`status --json, first use: ${agents} agents spawned one by one from an undeclared config (uncommitted on main), 1 commit + 1 uncommitted file each, ${tracked} tracked files, the bin run directly (medians)`, [
    { name: 'node -e 0', ms: nodeFloor },
    { name: 'floor: node -e 0, then the git status in parallel', ms: floor },
    { name: 'status --json (the installed bin)', ms: status, floor, goal: '≤ 1.3×' },
  ]);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
  return { status, floor };
}
