import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localBranchTip } from '../../src/git/fs-refs.js';
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
