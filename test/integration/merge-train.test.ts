import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { startCli, stillRuns } from '../helpers/background.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

const AGENTS = { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] }, docs: { scope: ['docs/**'] } };

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({ agents: AGENTS, shared: ['shared.txt'] }, { spawn: ['orders', 'web', 'docs'], files: { 'docs/a.md': 'a\n', 'shared.txt': 'one\n' } });
});
afterEach(() => repo.remove());

function commitIn(agent: string, file: string, content = `${agent} ${file}\n`) {
  const wt = repo.agentPath(agent);
  writeFileSync(join(wt, file), content);
  tryGit(wt, ['add', '-A']);
  expect(tryGit(wt, ['commit', '-m', `${agent}: ${file}`]).code).toBe(0);
}
const firstParents = () => tryGit(repo.path, ['log', '--first-parent', '--format=%s', 'main']).stdout.trim().split('\n');
const headBranch = () => tryGit(repo.path, ['symbolic-ref', '-q', '--short', 'HEAD']).stdout.trim();
const clean = () => tryGit(repo.path, ['status', '--porcelain', '--untracked-files=no']).stdout;

describe('merge --all: the merge train', () => {
  it('lands every agent in order; base moving during a verify makes that step merge and verify again', () => {
    commitIn('orders', 'src/orders/b.ts');
    commitIn('web', 'web/b.ts');
    commitIn('docs', 'docs/b.md');
    // the first verify commits on main in the main checkout, as a person would while the train runs
    const count = `${repo.path}.verify-count`;
    const verify = `${repo.path}.verify.sh`;
    writeFileSync(verify, `n=$(cat '${count}' 2>/dev/null || echo 0); echo $((n + 1)) > '${count}'\nif [ "$n" = 0 ]; then git -C '${repo.path}' commit -q --allow-empty --no-verify -m 'a person commits'; fi\n`);

    const dry = run(repo.path, ['merge', '--all', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('The train: docs, orders, web.');
    expect(firstParents()[0]).toBe('base');

    const result = run(repo.path, ['merge', '--all', '--verify', `sh '${verify}'`]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('docs: main moved while it was verified; merging it again onto the new main.');
    expect(readFileSync(count, 'utf8').trim()).toBe('4'); // docs twice, then orders and web
    expect(firstParents().slice(0, 5)).toEqual(['Merge agent web (agent/web)', 'Merge agent orders (agent/orders)', 'Merge agent docs (agent/docs)', 'a person commits', 'base']);
    expect(headBranch()).toBe('main');
    expect(clean()).toBe('');
    for (const file of ['src/orders/b.ts', 'web/b.ts', 'docs/b.md']) expect(existsSync(join(repo.path, file))).toBe(true);
    expect(run(repo.path, ['merge', '--all']).stdout).toContain("Nothing to merge: every agent's branch is in main.");
  });

  it('goes as far as it cleanly can and stops at the conflict with base at the last good merge; --prune removes the landed', () => {
    commitIn('orders', 'shared.txt', 'orders\n');
    commitIn('web', 'shared.txt', 'web\n');
    commitIn('docs', 'docs/b.md');
    const dry = run(repo.path, ['merge', '--all', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('The train: docs, orders, web.');
    expect(dry.stdout).toContain('web: CONFLICT in shared.txt');

    const result = run(repo.path, ['merge', '--all', '--prune']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('docs: merged into main');
    expect(result.stdout).toContain('orders: merged into main');
    expect(result.stdout).toContain('Merge queue stopped at "web": it conflicts with main in shared.txt');
    expect(result.stdout).toContain('agent-guard sync web');
    expect(firstParents().slice(0, 2)).toEqual(['Merge agent orders (agent/orders)', 'Merge agent docs (agent/docs)']);
    expect(readFileSync(join(repo.path, 'shared.txt'), 'utf8')).toBe('orders\n');
    expect(headBranch()).toBe('main');
    expect(clean()).toBe('');
    // the landed agents are gone (their branches backed up); the stopped one stays
    expect(existsSync(repo.agentPath('docs'))).toBe(false);
    expect(existsSync(repo.agentPath('orders'))).toBe(false);
    expect(existsSync(repo.agentPath('web'))).toBe(true);
    expect(tryGit(repo.path, ['for-each-ref', 'refs/agent-guard/backup/']).stdout).toContain('docs');
  });

  it('moves base without touching a checkout that is not on it (a detached HEAD)', () => {
    commitIn('orders', 'src/orders/b.ts');
    tryGit(repo.path, ['checkout', '-q', '--detach']);
    const before = tryGit(repo.path, ['rev-parse', 'HEAD']).stdout;
    const result = run(repo.path, ['merge', 'orders']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('No checkout has main checked out: only the branch moves.');
    expect(firstParents()[0]).toBe('Merge agent orders (agent/orders)');
    expect(tryGit(repo.path, ['rev-parse', 'HEAD']).stdout).toBe(before);
    expect(clean()).toBe('');
  });

  it('refuses names together with --all, and no names at all', () => {
    expect(run(repo.path, ['merge', 'orders', '--all']).code).toBe(2);
    const none = run(repo.path, ['merge']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--all');
  });
});

/** Runs `merge` in the background; resolves with its exit once `signal` was sent when `marker` appeared. */
async function mergeStoppedDuringVerify(args: string[], marker: string, signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string }> {
  const merge = startCli(repo.path, ['merge', ...args]);
  const started = Date.now();
  while (!existsSync(marker)) {
    if (Date.now() - started > 20_000) throw new Error(`verify never started: ${merge.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  merge.kill(signal);
  return { code: await merge.exited, stdout: merge.output() };
}

describe('a merge stopped during verify', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('%s: base and the checkout stay as they were, no worktree is registered, and the rerun finishes', async (signal) => {
    commitIn('orders', 'src/orders/b.ts');
    commitIn('web', 'web/b.ts');
    const marker = `${repo.path}.verify-pid`;
    const slow = `echo $$ > '${marker}.tmp' && mv '${marker}.tmp' '${marker}' && exec sleep 30`;
    const before = tryGit(repo.path, ['rev-parse', 'main']).stdout;
    const stopped = await mergeStoppedDuringVerify(['orders', 'web', '--verify', slow], marker, signal);
    if (signal === 'SIGTERM') {
      expect(stopped.code).toBe(143);
      expect(stopped.stdout).toContain('stopped by SIGTERM');
    }
    expect(tryGit(repo.path, ['rev-parse', 'main']).stdout).toBe(before);
    expect(headBranch()).toBe('main');
    expect(clean()).toBe('');
    expect(tryGit(repo.path, ['worktree', 'list', '--porcelain']).stdout).not.toContain('.merge');
    const verifyPid = Number(readFileSync(marker, 'utf8'));
    if (signal === 'SIGTERM') expect(await stillRuns(verifyPid)).toBe(false); // the verify's process group was stopped too
    else {
      expect(existsSync(join(repo.path, '.git/agent-guard/merge-scratch'))).toBe(true); // nothing could clean up
      expect(run(repo.path, ['doctor']).stdout).toContain('a stopped merge left its scratch checkout at');
    }

    const rerun = run(repo.path, ['merge', 'orders', 'web', '--verify', 'true']);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    if (signal === 'SIGKILL') expect(rerun.stdout).toContain('Stopped the verify command a stopped merge left running.');
    expect(await stillRuns(verifyPid)).toBe(false);
    expect(firstParents().slice(0, 2)).toEqual(['Merge agent web (agent/web)', 'Merge agent orders (agent/orders)']);
    expect(clean()).toBe('');
    expect(existsSync(join(repo.path, '.git/agent-guard/merge-scratch'))).toBe(false);
  });
});

describe('doctor and a merge of an older version', () => {
  it('names the checkout an older merge left detached mid-merge, and --fix puts it back on base', () => {
    commitIn('orders', 'src/orders/b.ts');
    const main = tryGit(repo.path, ['rev-parse', 'main']).stdout.trim();
    // what a merge of an older agent-guard stopped during verify left behind
    tryGit(repo.path, ['update-ref', '--no-deref', '-m', 'agent-guard merge: detach for orders', 'HEAD', main]);
    expect(tryGit(repo.path, ['merge', '--no-ff', '--no-edit', 'agent/orders'], { HUSKY: '0' }).code).toBe(0);
    const refused = run(repo.path, ['doctor']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('left on a detached HEAD');
    const fixed = run(repo.path, ['doctor', '--fix']);
    expect(fixed.stdout).toContain('fixed this checkout: back on main, with its files');
    expect(headBranch()).toBe('main');
    expect(tryGit(repo.path, ['rev-parse', 'main']).stdout.trim()).toBe(main);
    expect(clean()).toBe('');
    expect(existsSync(join(repo.path, 'src/orders/b.ts'))).toBe(false);
    expect(run(repo.path, ['doctor']).stdout).toContain('ok    no merge was left half done');
    expect(run(repo.path, ['merge', 'orders']).code).toBe(0);
  });
});
