// The installed pre-commit hook in an agent worktree of a 20,000-file repository with 500 staged
// changes, against the floor `node -e 0` + `git diff --cached --name-status -z`: in a worktree made
// by `spawn` (its trusted per-worktree hook) and in one made by hand (husky's chain); and the husky
// hook for a human's commit (no agent identity) against `node -e 0`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, compareMs, git, newRepo, report, writeFiles } from './lib.mjs';

const packageRoot = new URL('..', import.meta.url).pathname;

export function benchHook({ tracked = 20_000, staged = 500, agents = 10 } = {}) {
  const repo = newRepo();
  const config = { base: 'main', agents: {} };
  for (let i = 0; i < agents; i++) config.agents[`agent${i}`] = { scope: [`pkg${i}/**`, `!pkg${i}/sub3/**`] };
  writeFileSync(join(repo, 'agent-guard.config.json'), JSON.stringify(config));
  // As in a Node project: agent-guard installed in node_modules (here a link to this checkout).
  mkdirSync(join(repo, 'node_modules'));
  symlinkSync(packageRoot, join(repo, 'node_modules', 'agent-guard'));
  writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
  const files = writeFiles(repo, tracked, agents);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  execCli(repo, 'init');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'init');

  const mine = files.filter((f) => f.startsWith('pkg0/') && !f.startsWith('pkg0/sub3/')).slice(0, staged);
  const stage = (wt) => {
    for (const f of mine) writeFileSync(join(wt, f), '// changed\n');
    git(wt, 'add', '--', ...mine);
  };
  // A worktree made by spawn: its hooks live in its private git dir.
  execCli(repo, 'spawn', 'agent0');
  const spawned = `${repo}.agents/agent0`;
  stage(spawned);
  const trustedHook = join(git(spawned, 'rev-parse', '--absolute-git-dir').trim(), 'agent-guard', 'hooks', 'pre-commit');
  // A worktree made by hand (`git worktree add` + `init`): husky's chain.
  const worktree = `${repo}-agent1`;
  git(repo, 'worktree', 'add', '-q', '-b', 'agent/agent1', worktree);
  mkdirSync(join(worktree, 'node_modules'));
  symlinkSync(packageRoot, join(worktree, 'node_modules', 'agent-guard'));
  execCli(worktree, 'init');
  stage(worktree);
  git(worktree, 'checkout', '-q', '--', '.');

  const [nodeFloor, floor, spawnedHook, agentHook, agentEntry, humanHook] = compareMs([
    { cmd: process.execPath, args: ['-e', '0'], cwd: spawned },
    { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && git diff --cached --name-status -z`], cwd: spawned },
    { cmd: 'sh', args: [trustedHook], cwd: spawned },
    { cmd: 'sh', args: ['.husky/_/pre-commit'], cwd: worktree },
    { cmd: process.execPath, args: ['node_modules/agent-guard/dist/cjs/hook-entry.js', 'pre-commit'], cwd: worktree },
    { cmd: 'sh', args: ['.husky/_/pre-commit'], cwd: repo },
  ]);
  console.log(`\npre-commit hook: ${tracked} tracked files, ${staged} staged in-scope changes, agent worktree (medians, interleaved)`);
  report([
    { name: 'floor: node -e 0', ms: nodeFloor },
    { name: 'floor: node -e 0 && git diff --cached', ms: floor },
    { name: 'agent commit, spawned worktree: its hook', ms: spawnedHook, floor },
    { name: 'agent commit, hand-made worktree: husky chain', ms: agentHook, floor },
    { name: 'agent commit: hook-entry.js alone', ms: agentEntry, floor },
    { name: 'human commit: installed hook', ms: humanHook, floor: nodeFloor },
  ]);
  if (process.env.BENCH_KEEP) {
    console.log(`kept: ${repo} ${worktree}`);
  } else {
    rmSync(worktree, { recursive: true, force: true });
    rmSync(`${repo}.agents`, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
  return { spawnedHook, agentHook, agentEntry, humanHook, nodeFloor, floor };
}

function execCli(cwd, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}
