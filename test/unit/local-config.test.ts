import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configValue } from '../../src/git/config-file.js';
import { lastValue, readLocalConfig, setConfigFile, setLocalConfig } from '../../src/git/local-config.js';
import { cleanEnv } from '../helpers/env.js';
import { makeRepo } from '../helpers/repo.js';

describe('git config read and written without a process per key', () => {
  const repo = makeRepo();
  afterAll(() => repo.remove());

  it('writes values git reads back exactly: spaces, quotes, backslashes, tabs, newlines, comment marks, unicode', () => {
    const file = join(repo.path, 'written.config');
    for (const value of ['/tmp/a b/hooks', 'C:\\hooks\\x', 'say "hi"', 'tab\there', 'line\nbreak', '#not; a comment', '/tmp/ünï cødé/ø', ' lead and trail ']) {
      writeFileSync(file, `[core]\n\thooksPath = ${configValue(value)}\n`);
      const read = execFileSync('git', ['config', '--file', file, '--get', 'core.hooksPath'], { env: cleanEnv(), encoding: 'utf8' });
      expect(read).toBe(`${value}\n`);
    }
  });

  it('reads the repository config in one process: keys as git prints them, every value in order', async () => {
    repo.git('config', '--local', 'agent-guard.entry', '/a b/entry.js');
    repo.git('config', '--local', '--add', 'includeIf.gitdir:./worktrees/.path', 'one');
    repo.git('config', '--local', '--add', 'includeIf.gitdir:./worktrees/.path', 'two');
    repo.git('config', '--local', 'x.multi', 'first\nsecond');
    const local = await readLocalConfig(repo.path);
    expect(lastValue(local, 'agent-guard.entry')).toBe('/a b/entry.js');
    expect(local.get('includeif.gitdir:./worktrees/.path')).toEqual(['one', 'two']);
    expect(lastValue(local, 'x.multi')).toBe('first\nsecond');
    expect(lastValue(local, 'user.name')).toBe('Test User');
    expect(lastValue(local, 'no.such')).toBeUndefined();
  });

  it('sets values in .git/config as git does, keeps a symlinked config a symlink, and leaves a held lock to git', async () => {
    const config = join(repo.path, '.git', 'config');
    await setLocalConfig(repo.path, [{ key: 'agent-guard.node', value: '/usr/bin/node' }, { key: 'core.repositoryFormatVersion', value: '1' }]);
    expect(repo.git('config', '--get', 'agent-guard.node').trim()).toBe('/usr/bin/node');
    expect(repo.git('config', '--get', 'core.repositoryformatversion').trim()).toBe('1');
    expect(existsSync(`${config}.lock`)).toBe(false);

    const real = join(repo.path, 'real.config');
    renameSync(config, real);
    symlinkSync(real, config);
    await setLocalConfig(repo.path, [{ key: 'agent-guard.entry', value: '/a b/hook-entry.js' }]);
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('entry = /a b/hook-entry.js');

    writeFileSync(`${real}.lock`, '');
    await expect(setLocalConfig(repo.path, [{ key: 'x.y', value: 'z' }])).rejects.toThrow(/lock/);
    rmSync(`${real}.lock`);
    rmSync(config);
    renameSync(real, config);
  });

  it('sets a value in a named config file (a worktree\'s config.worktree) as `git config --file` would', async () => {
    const file = join(repo.path, 'worktree.config');
    writeFileSync(file, '[core]\n\thooksPath = /old/linked-hooks\n[x]\n\ty = 1\n');
    await setConfigFile(file, [{ key: 'core.hooksPath', value: '/new dir/hooks' }]);
    const read = (key: string) => execFileSync('git', ['config', '--file', file, '--get-all', key], { env: cleanEnv(), encoding: 'utf8' });
    expect(read('core.hooksPath')).toBe('/new dir/hooks\n');
    expect(read('x.y')).toBe('1\n');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
