import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentRepoAt, makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { copyOfFixture } from '../helpers/fixture.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

let repo: AgentRepo;
let wt: string;
beforeEach(() => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
  wt = repo.agentPath('orders');
});
afterEach(() => repo.remove());

/**
 * Replaces the test's repository with a copy of fixture `key`: the `spawn` agents spawned, then
 * `build` run on it (once per worker; each test gets its own copy).
 */
function useFixture(key: string, spawn: string[], build: (built: AgentRepo) => void) {
  repo.remove();
  repo = agentRepoAt(copyOfFixture(`lifecycle: ${key}`, () => {
    const built = makeAgentRepo({}, { spawn });
    build(built);
    return built.path;
  }));
  wt = repo.agentPath('orders');
}

/** Commits `file` in the agent's worktree (through its hooks). */
function commitIn(repo: AgentRepo, agent: string, file: string, content = `${file}\n`) {
  const path = repo.agentPath(agent);
  writeFileSync(join(path, file), content);
  tryGit(path, ['add', '-A']);
  expect(tryGit(path, ['commit', '-m', `${agent}: ${file}`]).code).toBe(0);
}

/**
 * The agent with work in progress: two commits on its branch, a modified tracked file and an
 * untracked file. Returns the two commits.
 */
function workInProgress() {
  useFixture('orders with work in progress', ['orders'], (built) => {
    for (const n of [1, 2]) commitIn(built, 'orders', `src/orders/c${n}.ts`, `commit ${n}\n`);
    writeFileSync(join(built.agentPath('orders'), 'src/orders/a.ts'), 'uncommitted edit\n');
    writeFileSync(join(built.agentPath('orders'), 'src/orders/new file.ts'), 'untracked\n');
  });
  return tryGit(repo.path, ['rev-list', '--reverse', 'main..agent/orders']).stdout.trim().split('\n');
}

const backupRefs = () => tryGit(repo.path, ['for-each-ref', '--format=%(refname)', 'refs/agent-guard/backup/']).stdout.split('\n').filter(Boolean);

describe('remove and reset keep every commit and every uncommitted file', () => {
  it('refuses without --force when there is work to lose, and says how to proceed', () => {
    workInProgress();
    for (const command of ['remove', 'reset']) {
      const result = run(repo.path, [command, 'orders']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`not ${command === 'reset' ? 'resetting' : 'removing'} agent "orders": it has uncommitted work in ${wt}`);
      expect(result.stdout).toContain('commits on agent/orders that main does not have');
      expect(result.stdout).toContain(`agent-guard ${command} orders --force`);
    }
    expect(existsSync(wt)).toBe(true);
    expect(backupRefs()).toEqual([]);
  });

  it('remove --force backs up the branch and the uncommitted work, then removes both', () => {
    const commits = workInProgress();
    const result = run(repo.path, ['remove', 'orders', '--force']);
    expect(result.code).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(tryGit(repo.path, ['rev-parse', '--verify', '--quiet', 'refs/heads/agent/orders']).code).not.toBe(0);
    const refs = backupRefs();
    expect(refs).toHaveLength(2);
    for (const sha of commits) expect(refs.some((ref) => tryGit(repo.path, ['merge-base', '--is-ancestor', sha, ref]).code === 0)).toBe(true);
    const saved = refs.find((r) => r.endsWith('/worktree'))!;
    expect(tryGit(repo.path, ['show', `${saved}:src/orders/a.ts`]).stdout).toBe('uncommitted edit\n');
    expect(tryGit(repo.path, ['show', `${saved}:src/orders/new file.ts`]).stdout).toBe('untracked\n');
    expect(result.stdout).toContain(`git branch agent/orders-restored ${refs.find((r) => r.endsWith('/branch'))}`);
    expect(result.stdout).toContain(`git checkout ${saved} -- .`);
  });

  it('reset --force starts the agent fresh from base in the same place, with the old work backed up', () => {
    const commits = workInProgress();
    const result = run(repo.path, ['reset', 'orders', '--force']);
    expect(result.code).toBe(0);
    expect(tryGit(wt, ['rev-parse', 'HEAD']).stdout).toBe(tryGit(repo.path, ['rev-parse', 'main']).stdout);
    expect(tryGit(wt, ['status', '--porcelain']).stdout).toBe('');
    expect(readFileSync(join(wt, '.agent-guard', 'scope.md'), 'utf8')).toContain('src/orders/**');
    const branchBackup = backupRefs().find((r) => r.endsWith('/branch'))!;
    expect(tryGit(repo.path, ['rev-parse', branchBackup]).stdout.trim()).toBe(commits[1]);
    // The fresh worktree is guarded again.
    writeFileSync(join(wt, 'web/page.ts'), 'stray\n');
    tryGit(wt, ['add', '-A']);
    expect(tryGit(wt, ['commit', '-m', 'stray']).code).not.toBe(0);
  });

  it('removes a clean agent without --force (nothing to lose) and still keeps its branch tip', () => {
    const result = run(repo.path, ['remove', 'orders']);
    expect(result.code).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(backupRefs().some((r) => r.endsWith('/branch'))).toBe(true);
    expect(run(repo.path, ['remove', 'orders']).code).toBe(2); // nothing left to remove
  });
});

describe('merge queue', () => {
  const mainTip = () => tryGit(repo.path, ['rev-parse', 'main']).stdout.trim();

  /** Agents orders and web at work, each with one commit (src/orders/b.ts, web/b.ts). */
  const withACommitEach = () =>
    useFixture('orders and web with a commit each', ['orders', 'web'], (built) => {
      commitIn(built, 'orders', 'src/orders/b.ts');
      commitIn(built, 'web', 'web/b.ts');
    });

  it("merges agents in order after checking them, and moves base; the project's own merge hooks run", () => {
    withACommitEach();
    // merges happen in a scratch checkout (its .git is a file): the hooks find the repository through git
    for (const hook of ['commit-msg', 'post-merge']) repo.write(`.husky/${hook}`, `echo ${hook} >> "$(git rev-parse --git-common-dir)/project-hooks-ran"\n`);
    repo.commitAll('hooks of our own');
    const result = run(repo.path, ['merge', 'orders', 'web']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('orders: merged into main');
    expect(result.stdout).toContain('web: merged into main');
    expect(tryGit(repo.path, ['show', 'main:web/b.ts']).code).toBe(0);
    expect(tryGit(repo.path, ['symbolic-ref', '--short', 'HEAD']).stdout.trim()).toBe('main');
    expect(tryGit(repo.path, ['status', '--porcelain']).stdout).toBe('');
    expect(readFileSync(join(repo.path, '.git/project-hooks-ran'), 'utf8')).toBe('commit-msg\npost-merge\ncommit-msg\npost-merge\n');
    // the scratch checkout is gone and was never a registered worktree
    expect(existsSync(join(repo.path, '.git/agent-guard/merge-scratch'))).toBe(false);
    expect(tryGit(repo.path, ['worktree', 'list', '--porcelain']).stdout).not.toContain('.merge');
  });

  it('refuses a branch with a --no-verify violation and leaves base unchanged', () => {
    writeFileSync(join(wt, 'web/page.ts'), 'stray\n');
    tryGit(wt, ['add', '-A']);
    tryGit(wt, ['commit', '-q', '--no-verify', '-m', 'sneaky']);
    const before = mainTip();
    const result = run(repo.path, ['merge', 'orders']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/out of scope\s+web\/page\.ts/);
    expect(result.stdout).toContain('main was not changed');
    // the steps are git commands for the agent's branch: the report says where to run them
    expect(result.stdout).toContain(`The steps above are for "orders": run them in its worktree (cd ${wt})`);
    expect(mainTip()).toBe(before);
  });

  it('stops at a failing verify with base at the last good merge and the main worktree clean', () => {
    withACommitEach();
    const verify = 'test ! -e web/b.ts'; // fails once web's commit is merged
    const result = run(repo.path, ['merge', 'orders', 'web', '--verify', verify]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('orders: merged into main');
    expect(result.stdout).toContain('Merge queue stopped at "web": verify failed');
    expect(tryGit(repo.path, ['show', 'main:src/orders/b.ts']).code).toBe(0);
    expect(tryGit(repo.path, ['show', 'main:web/b.ts']).code).not.toBe(0);
    expect(tryGit(repo.path, ['symbolic-ref', '--short', 'HEAD']).stdout.trim()).toBe('main');
    expect(tryGit(repo.path, ['status', '--porcelain']).stdout).toBe('');
    expect(existsSync(join(repo.path, 'web/b.ts'))).toBe(false);
  });

  it('refuses while the main worktree has uncommitted changes', () => {
    commitIn(repo, 'orders', 'src/orders/b.ts');
    repo.write('README.md', 'dirty\n');
    const result = run(repo.path, ['merge', 'orders']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('uncommitted changes');
  });

  it('sync brings base into the agent branch, and stops cleanly on a conflict', () => {
    repo.write('docs.md', 'from main\n');
    repo.commitAll('main moves on');
    const synced = run(repo.path, ['sync', 'orders']);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain('merged main into agent/orders');
    expect(readFileSync(join(wt, 'docs.md'), 'utf8')).toBe('from main\n');
    expect(run(repo.path, ['sync', 'orders']).stdout).toContain('already up to date');

    commitIn(repo, 'orders', 'src/orders/a.ts', 'agent version\n');
    repo.write('src/orders/a.ts', 'human version\n');
    repo.commitAll('human edits the same line');
    const head = tryGit(wt, ['rev-parse', 'HEAD']).stdout;
    const conflict = run(repo.path, ['sync', 'orders']);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toContain('conflicts in src/orders/a.ts');
    expect(conflict.stdout).toContain(`cd ${wt} && git merge main`);
    expect(tryGit(wt, ['rev-parse', 'HEAD']).stdout).toBe(head);
    expect(tryGit(wt, ['status', '--porcelain']).stdout).toBe('');
  });
});

describe('prune', () => {
  it('removes merged agents and agents gone from the config, but not a fresh one', () => {
    expect(run(repo.path, ['spawn', 'web']).code).toBe(0);
    writeFileSync(join(wt, 'src/orders/b.ts'), 'x\n');
    tryGit(wt, ['add', '-A']);
    tryGit(wt, ['commit', '-m', 'orders work']);
    expect(run(repo.path, ['merge', 'orders']).code).toBe(0);
    expect(run(repo.path, ['spawn', 'docs', '--scope', 'docs/**']).code).toBe(0);
    repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } } }); // docs leaves the config
    repo.commitAll('docs is done');

    const dry = run(repo.path, ['prune', '--dry-run']);
    expect(dry.stdout).toContain('orders: merged into main; would remove');
    expect(dry.stdout).toContain('docs: not in the config; would remove');
    expect(dry.stdout).not.toContain('web');
    expect(existsSync(wt)).toBe(true);

    const result = run(repo.path, ['prune']);
    expect(result.code).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(existsSync(repo.agentPath('docs'))).toBe(false);
    expect(existsSync(repo.agentPath('web'))).toBe(true);
    expect(backupRefs().filter((r) => r.includes('/docs/')).length).toBeGreaterThan(0);
  });

  it('--merged removes only merged agents and says what it frees; status flags MERGED and --disk shows the sizes', () => {
    expect(run(repo.path, ['spawn', 'web']).code).toBe(0);
    writeFileSync(join(wt, 'src/orders/b.ts'), 'x\n');
    tryGit(wt, ['add', '-A']);
    tryGit(wt, ['commit', '-m', 'orders work']);
    expect(run(repo.path, ['merge', 'orders']).code).toBe(0);
    // an ignored tree in the merged worktree: what its removal frees
    writeFileSync(join(repo.path, '.git', 'info', 'exclude'), 'node_modules/\n', { flag: 'a' });
    mkdirSync(join(wt, 'node_modules', 'big'), { recursive: true });
    writeFileSync(join(wt, 'node_modules', 'big', 'blob'), Buffer.alloc(2_000_000, 1));
    expect(run(repo.path, ['spawn', 'docs', '--scope', 'docs/**']).code).toBe(0);
    repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } } }); // docs leaves the config
    repo.commitAll('docs is done');

    const status = JSON.parse(run(repo.path, ['status', '--json', '--disk']).stdout);
    const orders = status.agents.find((a: { name: string }) => a.name === 'orders');
    expect(orders.flags).toContain('MERGED');
    expect(orders.disk).toBeGreaterThan(2_000_000);
    expect(status.agents.find((a: { name: string }) => a.name === 'web').flags).not.toContain('MERGED');
    expect(run(repo.path, ['status', '--disk']).stdout).toMatch(/On disk \(ignored files included\): .*orders 2\.\d MB/);

    const before = tryGit(repo.path, ['for-each-ref']).stdout;
    const dry = run(repo.path, ['prune', '--merged', '--dry-run']);
    expect(dry.stdout).toMatch(/orders: merged into main; would remove .* \(2\.\d MB\)/);
    expect(dry.stdout).not.toContain('docs');
    expect(dry.stdout).toMatch(/Would free 2\.\d MB \(1 worktree\)/);
    expect(existsSync(wt)).toBe(true);
    expect(tryGit(repo.path, ['for-each-ref']).stdout).toBe(before);

    const result = run(repo.path, ['prune', '--merged']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Freed 2\.\d MB \(1 worktree\)/);
    expect(existsSync(wt)).toBe(false);
    expect(existsSync(repo.agentPath('docs'))).toBe(true); // not in the config, but not merged: kept
    expect(existsSync(repo.agentPath('web'))).toBe(true);
    expect(backupRefs().filter((r) => r.includes('/orders/')).length).toBeGreaterThan(0);
  });
});
