import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { startCli } from '../helpers/background.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

/**
 * The merge train stopped at ten points in time by each of SIGINT (Ctrl-C: the whole process group),
 * SIGTERM and SIGKILL: base is at a step that passed, the checkout is on base and clean, no
 * worktree is registered for the merge, and the same command run again finishes the train.
 * 30 merges and their reruns: this file runs under `npm run test:clients` (CI runs it too).
 */
const enabled = process.env.AGENT_GUARD_CLIENT_TESTS === '1';
if (!enabled) console.log('skipped: the merge signal matrix runs with npm run test:clients');

const AGENTS = { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] }, docs: { scope: ['docs/**'] } };
const ORDER = ['docs', 'orders', 'web'];
const VERIFY = 'sleep 0.2';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
const POINTS = 10;

function trainRepo(): AgentRepo {
  const repo = makeAgentRepo({ agents: AGENTS }, { spawn: ['orders', 'web', 'docs'], files: { 'docs/a.md': 'a\n' } });
  for (const [agent, file] of [['orders', 'src/orders/b.ts'], ['web', 'web/b.ts'], ['docs', 'docs/b.md']] as const) {
    const wt = repo.agentPath(agent);
    writeFileSync(join(wt, file), `${agent}\n`);
    tryGit(wt, ['add', '-A']);
    tryGit(wt, ['commit', '-q', '--no-verify', '-m', `${agent}: ${file}`]);
  }
  return repo;
}

const merges = (repo: AgentRepo) =>
  tryGit(repo.path, ['log', '--first-parent', '--format=%s', 'main']).stdout.trim().split('\n').filter((s) => s.startsWith('Merge agent')).map((s) => s.split(' ')[2]).reverse();

describe.skipIf(!enabled)('the merge train stopped at any instant', () => {
  let duration = 0;
  it('takes a measurable time uninterrupted (the points in time are spread over it)', () => {
    const repo = trainRepo();
    const started = Date.now();
    expect(run(repo.path, ['merge', '--all', '--verify', VERIFY]).code).toBe(0);
    duration = Date.now() - started;
    expect(merges(repo)).toEqual(ORDER);
    repo.remove();
  });

  for (const signal of SIGNALS) {
    it(`${signal} at ${POINTS} points: base at a passed step, checkout on base and clean, the rerun finishes`, async () => {
      for (let point = 1; point <= POINTS; point++) {
        const repo = trainRepo();
        const merge = startCli(repo.path, ['merge', '--all', '--verify', VERIFY]);
        await new Promise((resolve) => setTimeout(resolve, (duration * point) / (POINTS + 1)));
        if (signal === 'SIGINT') merge.interrupt();
        else merge.kill(signal);
        const code = await merge.exited;
        const at = `${signal} at ${point}/${POINTS + 1} (exit ${code}): ${merge.output()}`;

        const landed = merges(repo);
        expect(ORDER.slice(0, landed.length), at).toEqual(landed);
        expect(tryGit(repo.path, ['symbolic-ref', '--short', 'HEAD']).stdout.trim(), at).toBe('main');
        // SIGKILL between a landing's two writes leaves its journal; the rerun finishes that step
        const journal = existsSync(join(repo.path, '.git/agent-guard/merge-journal.json'));
        if (!journal) expect(tryGit(repo.path, ['status', '--porcelain', '--untracked-files=no']).stdout, at).toBe('');
        expect(tryGit(repo.path, ['worktree', 'list', '--porcelain']).stdout, at).not.toContain('.merge');
        if (signal !== 'SIGKILL' && code !== 0) expect(existsSync(join(repo.path, '.git/agent-guard/merge-scratch')), at).toBe(false);

        const rerun = run(repo.path, ['merge', '--all', '--verify', VERIFY]);
        expect(rerun.code, at + rerun.stdout + rerun.stderr).toBe(0);
        expect(merges(repo), at).toEqual(ORDER);
        expect(tryGit(repo.path, ['status', '--porcelain', '--untracked-files=no']).stdout, at).toBe('');
        expect(existsSync(join(repo.path, '.git/agent-guard/merge-scratch')), at).toBe(false);
        repo.remove();
      }
    }, 180_000);
  }
});
