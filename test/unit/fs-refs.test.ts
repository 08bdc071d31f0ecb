import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { branchRefTip, headTip, localBranchTip } from '../../src/git/fs-refs.js';
import { makeRepo } from '../helpers/repo.js';

// Read from the ref files, each answer must be git's own (or "ask git").
describe('localBranchTip', () => {
  const repo = makeRepo();
  afterAll(() => repo.remove());
  const gitDir = join(repo.path, '.git');
  const tip = repo.commitAll('first');
  repo.git('branch', 'agent/orders');
  repo.git('branch', 'packed');
  repo.git('pack-refs', '--all');
  repo.git('branch', 'loose');

  it('reads loose and packed branches, and says null for a branch that does not exist', () => {
    expect(localBranchTip(gitDir, 'refs/heads/loose')).toBe(tip);
    expect(localBranchTip(gitDir, 'refs/heads/packed')).toBe(tip);
    expect(localBranchTip(gitDir, 'main')).toBe(tip);
    expect(localBranchTip(gitDir, 'refs/heads/agent/orders')).toBe(tip);
    expect(localBranchTip(gitDir, 'refs/heads/agent')).toBeNull(); // a folder of refs, not a branch
    expect(localBranchTip(gitDir, 'refs/heads/nope')).toBeNull();
    expect(() => execFileSync('git', ['rev-parse', '--verify', '--quiet', 'refs/heads/agent'], { cwd: repo.path })).toThrow();
  });

  it('leaves odd names, symbolic refs and reftable repositories to git', () => {
    expect(localBranchTip(gitDir, 'main~1')).toBeUndefined();
    expect(localBranchTip(gitDir, 'a..b')).toBeUndefined();
    repo.git('symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    expect(localBranchTip(gitDir, 'refs/heads/alias')).toBeUndefined();
    mkdirSync(join(gitDir, 'reftable'));
    try {
      expect(localBranchTip(gitDir, 'refs/heads/loose')).toBeUndefined();
    } finally {
      rmSync(join(gitDir, 'reftable'), { recursive: true });
    }
  });
});

// Each answer from the files must be what `git rev-parse --verify NAME^{commit}` says, or "ask git".
describe('branchRefTip', () => {
  const repo = makeRepo();
  afterAll(() => repo.remove());
  const gitDir = join(repo.path, '.git');
  const first = repo.commitAll('first');
  const second = repo.commitAll('second');
  const gitSays = (name: string) => execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], { cwd: repo.path, encoding: 'utf8' }).trim();
  repo.git('branch', 'packed', first);
  repo.git('pack-refs', '--all');
  repo.git('branch', 'agent/web', first);

  it('reads a branch by its short or full name, loose or packed, as git does', () => {
    for (const name of ['main', 'refs/heads/main', 'packed', 'agent/web', 'refs/heads/packed']) expect([name, branchRefTip(gitDir, name)]).toEqual([name, gitSays(name)]);
    expect(branchRefTip(gitDir, 'main')).toBe(second);
  });

  it('asks git where a tag, refs/NAME or a file in the git dir comes first, and for what is no local branch', () => {
    repo.git('tag', '-a', '-m', 'a tag named like the branch', 'packed', second); // git takes the tag, not the branch
    repo.git('update-ref', 'refs/agent/web', second);
    repo.git('update-ref', 'refs/remotes/origin/main', first);
    expect(gitSays('packed')).toBe(second);
    expect(gitSays('agent/web')).toBe(second);
    for (const name of ['packed', 'agent/web', 'HEAD', 'ORIG_HEAD', 'origin/main', 'nope', first, 'main~1', 'main^{tree}', '-x', 'refs/tags/packed']) {
      expect([name, branchRefTip(gitDir, name)]).toEqual([name, undefined]);
    }
    expect(branchRefTip(gitDir, 'main')).toBe(second);
  });
});

// HEAD read from the files must be what `git rev-parse --verify HEAD` says (null: no commit yet), or "ask git".
describe('headTip', () => {
  const repo = makeRepo();
  afterAll(() => repo.remove());
  const gitDir = join(repo.path, '.git');
  const gitSays = () => {
    try {
      return execFileSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: repo.path, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };

  it('reads HEAD on a branch (loose or packed), detached, and before the first commit', () => {
    expect([headTip(gitDir), gitSays()]).toEqual([null, null]); // unborn main
    const first = repo.commitAll('first');
    expect(headTip(gitDir)).toBe(first);
    repo.git('pack-refs', '--all');
    expect(headTip(gitDir)).toBe(gitSays());
    const second = repo.commitAll('second');
    repo.git('checkout', '-q', '--detach', first);
    expect([headTip(gitDir), gitSays()]).toEqual([first, first]);
    repo.git('checkout', '-q', 'main');
    expect(headTip(gitDir)).toBe(second);
  });

  it('leaves a HEAD that names something other than a branch to git', () => {
    repo.git('symbolic-ref', 'HEAD', 'refs/remotes/origin/main');
    try {
      expect(headTip(gitDir)).toBeUndefined();
    } finally {
      repo.git('symbolic-ref', 'HEAD', 'refs/heads/main');
    }
  });
});
