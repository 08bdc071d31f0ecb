import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configValue } from '../../src/git/config-file.js';
import { lastValue, readLocalConfig } from '../../src/git/local-config.js';
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
});
