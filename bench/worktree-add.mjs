// What agent-guard adds to `git worktree add`: git runs husky's post-checkout in the new worktree,
// and agent-guard's block there is plain sh (no node once the clone has its linked-worktree hooks).
// Interleaved: the same `git worktree add` with the repository's hooks, and with hooks switched off.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, git, repoWithAgents, report } from './lib.mjs';

export function benchWorktreeAdd({ tracked = 2_000, rounds = 15 } = {}) {
  const { path: repo } = repoWithAgents(tracked, 4);
  cli(repo, 'init');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'init');
  const noHooks = mkdtempSync(join(tmpdir(), 'ag-nohooks-'));
  const block = join(repo, '.husky', 'post-checkout');
  const aside = `${block}.aside`;
  const variants = [
    { name: 'git worktree add, hooks off', args: ['-c', `core.hooksPath=${noHooks}`], block: false },
    { name: 'git worktree add, husky without agent-guard', args: [], block: false },
    { name: "git worktree add, husky + agent-guard's post-checkout", args: [], block: true },
  ];
  const times = variants.map(() => []);
  for (let round = 0; round <= rounds; round++) {
    variants.forEach((variant, i) => {
      const wt = `${repo}-wt${i}-${round}`;
      if (variant.block !== existsSync(block)) renameSync(...(variant.block ? [aside, block] : [block, aside]));
      const start = process.hrtime.bigint();
      const result = spawnSync('git', [...variant.args, 'worktree', 'add', '-q', '-b', `agent/agent${i}-${round}`, wt], { cwd: repo, stdio: 'ignore' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`git worktree add failed in ${repo}`);
      if (round > 0) times[i].push(ms);
      git(repo, 'worktree', 'remove', '--force', wt);
    });
  }
  if (!existsSync(block)) renameSync(aside, block);
  const [off, husky, on] = times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
  report(`git worktree add of a ${tracked}-file repository (medians, interleaved)`, [
    { name: variants[0].name, ms: off },
    { name: variants[1].name, ms: husky },
    { name: variants[2].name, ms: on },
    { name: "added by agent-guard's block (vs husky alone)", ms: on - husky, goal: '< 30 ms' },
    { name: 'added by husky + agent-guard (vs no hooks)', ms: on - off },
  ]);
  rmSync(repo, { recursive: true, force: true });
  rmSync(noHooks, { recursive: true, force: true });
  return { off, husky, on };
}
