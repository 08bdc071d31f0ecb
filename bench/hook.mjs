// The pre-commit hook of an agent in a 20,000-file repository with 500 staged changes, against the
// floor `node -e 0` + `git diff --cached --name-status -z`, on every path an agent commits through:
// a worktree made by `spawn` (its own hook), one made by plain `git worktree add` (the linked-worktree
// hook), the main worktree with AGENT_GUARD_AGENT (husky's chain); and a human's commit (no agent
// identity) against `node -e 0`.
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

  // `staged` in-scope changes of agent i (its scope is pkg{i}/** minus pkg{i}/sub3/**).
  const stage = (wt, i) => {
    const mine = files.filter((f) => f.startsWith(`pkg${i}/`) && !f.startsWith(`pkg${i}/sub3/`)).slice(0, staged);
    for (const f of mine) writeFileSync(join(wt, f), '// changed\n');
    git(wt, 'add', '--', ...mine);
  };
  // A worktree made by spawn: its hooks live in its private git dir.
  execCli(repo, 'spawn', 'agent0');
  const spawned = `${repo}.agents/agent0`;
  stage(spawned, 0);
  const trustedHook = join(git(spawned, 'rev-parse', '--absolute-git-dir').trim(), 'agent-guard', 'hooks', 'pre-commit');
  // A worktree made by plain `git worktree add`, nothing installed or run in it: the hook git finds
  // there is the linked-worktree hook in the common git dir (core.hooksPath from init's include).
  const worktree = `${repo}-agent1`;
  git(repo, 'worktree', 'add', '-q', '-b', 'agent/agent1', worktree);
  stage(worktree, 1);
  // Several agents in the main worktree (AGENT_GUARD_AGENT=agent2).
  stage(repo, 2);
  const linkedHook = join(git(worktree, 'config', '--get', 'core.hooksPath').trim(), 'pre-commit');
  // The hook git runs in the main worktree: init points it at the linked worktrees' dispatcher.
  const mainHook = join(git(repo, 'config', '--get', 'core.hooksPath').trim(), 'pre-commit');
  const [nodeFloor, floor, spawnedHook, plainHook, sameDirHook, agentEntry, humanHook, humanLinked, huskyAgent, huskyHuman] = compareMs([
    { cmd: process.execPath, args: ['-e', '0'], cwd: spawned },
    { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && git diff --cached --name-status -z`], cwd: spawned },
    { cmd: 'sh', args: [trustedHook], cwd: spawned },
    { cmd: 'sh', args: [linkedHook], cwd: worktree },
    { cmd: 'sh', args: [mainHook], cwd: repo, env: { AGENT_GUARD_AGENT: 'agent2' } },
    { cmd: process.execPath, args: [join(packageRoot, 'dist/cjs/hook-entry.js'), 'pre-commit'], cwd: worktree },
    { cmd: 'sh', args: [mainHook], cwd: repo },
    { cmd: 'sh', args: [linkedHook], cwd: repo },
    { cmd: 'sh', args: ['.husky/_/pre-commit'], cwd: repo, env: { AGENT_GUARD_AGENT: 'agent2' } },
    { cmd: 'sh', args: ['.husky/_/pre-commit'], cwd: repo },
  ]);
  report(`pre-commit hook: ${tracked} tracked files, ${staged} staged in-scope changes (medians, interleaved)`, [
    { name: 'floor: node -e 0', ms: nodeFloor },
    { name: 'floor: node -e 0 && git diff --cached', ms: floor },
    { name: 'agent commit, spawned worktree: its own hook', ms: spawnedHook, floor, goal: '≤ 1.1×' },
    { name: 'agent commit, plain `git worktree add`: linked hook', ms: plainHook, floor, goal: '≤ 1.1×' },
    { name: 'agent commit, main worktree (AGENT_GUARD_AGENT): dispatcher', ms: sameDirHook, floor, goal: '≤ 1.1×' },
    { name: 'agent commit, plain worktree: hook-entry.js alone', ms: agentEntry, floor },
    { name: 'human commit, main worktree: dispatcher', ms: humanHook, floor: nodeFloor, goal: '≤ 0.1×' },
    { name: 'human commit, linked worktree: linked hook', ms: humanLinked, floor: nodeFloor, goal: '≤ 0.1×' },
    { name: 'reference: agent commit, main worktree, husky chain (.husky/_)', ms: huskyAgent, floor },
    { name: 'reference: human commit, main worktree, husky chain (.husky/_)', ms: huskyHuman, floor: nodeFloor },
  ]);
  if (process.env.BENCH_KEEP) {
    console.log(`kept: ${repo} ${worktree}`);
  } else {
    rmSync(worktree, { recursive: true, force: true });
    rmSync(`${repo}.agents`, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
  return { spawnedHook, plainHook, sameDirHook, agentEntry, humanHook, nodeFloor, floor };
}

function execCli(cwd, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}
