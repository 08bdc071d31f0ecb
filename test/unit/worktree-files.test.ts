import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWorktreeList } from '../../src/git/parse.js';
import { worktreesFromFiles } from '../../src/git/worktree-files.js';
import { makeRepo } from '../helpers/repo.js';

// Read from the git dir, the list must be git's own `worktree list --porcelain -z` (or "ask git").
describe('worktreesFromFiles', () => {
  const repo = makeRepo();
  const outside = mkdtempSync(join(tmpdir(), 'ag-worktrees-'));
  afterAll(() => {
    repo.remove();
    rmSync(outside, { recursive: true, force: true });
  });
  const gitDir = join(repo.path, '.git');
  const gitSays = () => parseWorktreeList(repo.git('worktree', 'list', '--porcelain', '-z'));

  it('lists the main worktree, then every linked one sorted by path, with HEAD, branch and prunable as git has them', () => {
    const first = repo.commitAll('first');
    expect(worktreesFromFiles(gitDir)).toEqual(gitSays());
    // added out of path order; spaces, quotes, unicode and a newline in folder names; a detached one
    for (const [name, args] of [
      ['zeta', ['-b', 'agent/zeta']],
      ['alpha one', ['-b', 'agent/alpha']],
      ["it's ünïcødé", ['-b', 'agent/unicode']],
      ['new\nline', ['-b', 'agent/newline']],
      ['Detached', ['--detach']],
      ['gone', ['-b', 'agent/gone']],
      ['locked-gone', ['-b', 'agent/locked']],
      ['no-dot-git', ['-b', 'agent/no-dot-git']],
    ] as const) {
      repo.git('worktree', 'add', '-q', ...args, join(outside, name));
    }
    repo.git('worktree', 'lock', join(outside, 'locked-gone'));
    rmSync(join(outside, 'gone'), { recursive: true });
    rmSync(join(outside, 'locked-gone'), { recursive: true });
    rmSync(join(outside, 'no-dot-git', '.git'));
    writeFileSync(join(outside, 'zeta', 'new.txt'), 'x\n');
    repo.git('-C', join(outside, 'zeta'), 'add', 'new.txt');
    repo.git('-C', join(outside, 'zeta'), '-c', 'core.hooksPath=/nonexistent', 'commit', '-q', '-m', 'zeta work');
    const listed = worktreesFromFiles(gitDir);
    expect(listed).toEqual(gitSays());
    expect(listed!.filter((w) => w.prunable).map((w) => w.branch)).toEqual(['agent/gone', 'agent/no-dot-git']);
    expect(listed!.find((w) => w.branch === 'agent/zeta')!.head).not.toBe(first);
    repo.git('pack-refs', '--all');
    expect(worktreesFromFiles(gitDir)).toEqual(gitSays());
  });

  it('leaves bare repositories, unborn and non-ASCII branches and GIT_DIR to git', () => {
    const unborn = join(outside, 'unborn');
    repo.git('worktree', 'add', '-q', '--detach', unborn);
    repo.git('-C', unborn, 'symbolic-ref', 'HEAD', 'refs/heads/agent/unborn');
    expect(gitSays().find((w) => w.path === unborn)!.head).toMatch(/^0+$/);
    expect(worktreesFromFiles(gitDir)).toBeUndefined();
    repo.git('-C', unborn, 'checkout', '-q', '-b', 'agent/ünï');
    expect(worktreesFromFiles(gitDir)).toBeUndefined(); // a branch name the ref files are not read for
    repo.git('worktree', 'remove', '--force', unborn);
    expect(worktreesFromFiles(gitDir)).toEqual(gitSays());
    process.env.GIT_DIR = gitDir;
    try {
      expect(worktreesFromFiles(gitDir)).toBeUndefined();
    } finally {
      delete process.env.GIT_DIR;
    }
    appendFileSync(join(gitDir, 'config'), '[core]\n\tbare = true\n');
    expect(worktreesFromFiles(gitDir)).toBeUndefined();
  });
});
