// `spawn` without setup (no .worktreeinclude, no setup commands, no ports): a new agent's worktree,
// branch, manifest, instructions and hooks, against its floor — `git worktree add` of a new branch
// with hooks off, then `node -e 0`. Interleaved, a new agent each round.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, cli, git, newRepo, report, writeFiles } from './lib.mjs';

export function benchSpawn({ tracked = 2_000, rounds = 11, cliPath = CLI, label = 'spawn NAME' } = {}) {
  const repo = newRepo();
  const agents = {};
  for (let i = 0; i <= rounds; i++) agents[`agent${i}`] = { scope: [`area${i}/**`] };
  writeFileSync(join(repo, 'agent-guard.config.json'), JSON.stringify({ base: 'main', agents }));
  writeFiles(repo, tracked, 8);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  cli(repo, 'init');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'init');
  const noHooks = mkdtempSync(join(tmpdir(), 'ag-nohooks-'));
  const floorMs = [];
  const spawnMs = [];
  const time = (cmd, args) => {
    const started = process.hrtime.bigint();
    const result = spawnSync(cmd, args, { cwd: repo, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let round = 0; round <= rounds; round++) {
    const floor = time('sh', ['-c', `git -c core.hooksPath=${noHooks} worktree add -q -b floor${round} "${repo}.floor/${round}" && "${process.execPath}" -e 0`]);
    const spawned = time(process.execPath, [cliPath, 'spawn', `agent${round}`]);
    if (round > 0) {
      floorMs.push(floor);
      spawnMs.push(spawned);
    }
  }
  const median = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const floor = median(floorMs);
  const spawn = median(spawnMs);
  report(`${label} without setup, ${tracked} tracked files (medians, interleaved)`, [
    { name: 'floor: git worktree add -b (hooks off), then node -e 0', ms: floor },
    { name: label, ms: spawn, floor },
  ]);
  for (const dir of [repo, `${repo}.floor`, `${repo}.agents`, noHooks]) rmSync(dir, { recursive: true, force: true });
  return { floor, spawn };
}
