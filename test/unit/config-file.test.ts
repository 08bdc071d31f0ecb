import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigFile, withConfigValues, type ConfigChange } from '../../src/git/config-file.js';
import { cleanEnv } from '../helpers/env.js';

const dir = mkdtempSync(join(tmpdir(), 'ag-config-file-'));
const file = join(dir, 'config');

/** What `git config --file F --list -z` lists, in the same shape. */
function gitLists(text: string): Map<string, string[]> {
  writeFileSync(file, text);
  const out = execFileSync('git', ['config', '--file', file, '--list', '-z'], { env: cleanEnv(), encoding: 'utf8' });
  const config = new Map<string, string[]>();
  for (const entry of out.split('\0').filter(Boolean)) {
    const newline = entry.indexOf('\n');
    const key = entry.slice(0, newline);
    config.set(key, [...(config.get(key) ?? []), entry.slice(newline + 1)]);
  }
  return config;
}

// Every file this reader answers for, it must answer exactly as git; the rest it leaves to git.
describe('parseConfigFile', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists what git lists: quotes, escapes, comments, blanks, case, subsections, repeated keys', () => {
    const files = [
      '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n',
      '[core]\n\thooksPath = .husky/_\n[extensions]\n\tworktreeConfig = true\n[include]\n\tpath = agent-guard/worktrees.config\n',
      '[Core]\n\tHooksPath = "/a b/hooks"\n[user]\n\tname = Test User\n\temail = test@example.com\n',
      '[x]\n\tk = a  \t b ; trailing comment\n\tk = "x ; y"   z\n\tk = ""   x\n\tk =\n\tk=tight\n',
      '[x]\n\tesc = "tab\\there" \\"q\\" back\\\\slash new\\nline\n\tunicode = ünï cødé ø\n',
      '# a comment\n; another\n\n  [remote "origin"]  # trailing\n\turl = /tmp/a b/repo.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
      '[includeIf "gitdir:./worktrees/"]\n\tpath = one\n\tpath = two\n[sec "sub \\"q\\" \\\\ \\x"]\n\tKey = v\n[A-b]\n\tc = 1\n',
      '[branch "agent/Ünï"]\n\tremote = origin\n[x]\n\tv = a#b\n\tw = "a#b"\n\tlead =    lead\n',
      '',
    ];
    for (const text of files) {
      const parsed = parseConfigFile(text);
      expect(parsed, text).not.toBeNull();
      expect([...parsed!], text).toEqual([...gitLists(text)]);
    }
  });

  it('leaves to git what it does not read: continued lines, bare keys, old subsections, CR, BOM, bad lines', () => {
    for (const text of [
      '[x]\n\tk = one \\\n two\n',
      '[x]\n\tflag\n',
      '[x.Sub]\n\tk = v\n',
      '[x] k = v\n',
      '[x]\r\n\tk = v\r\n',
      '\uFEFF[x]\n\tk = v\n',
      'k = v\n',
      '[x]\n\tk = "open\n',
      '[x]\n\tk = bad\\q\n',
      '[ x]\n\tk = v\n',
    ]) {
      expect(parseConfigFile(text), text).toBeNull();
    }
  });

  it('sets values as `git config [--add]` does: replaced where set once, added in their section or a new one', () => {
    const start = '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n[remote "origin"]\n\turl = /tmp/o.git\n# end\n';
    const cases: [string, ConfigChange[]][] = [
      [start, [{ key: 'core.repositoryFormatVersion', value: '1' }, { key: 'extensions.worktreeConfig', value: 'true' }]],
      [start, [{ key: 'agent-guard.entry', value: '/a b/dist/cjs/hook-entry.js' }, { key: 'agent-guard.node', value: '/usr/bin/node' }]],
      [start, [{ key: 'includeIf.gitdir:./worktrees/.path', value: 'agent-guard/worktrees.config', add: true }]],
      [`${start}[includeIf "gitdir:./worktrees/"]\n\tpath = theirs\n`, [{ key: 'includeIf.gitdir:./worktrees/.path', value: 'ours', add: true }]],
      [start, [{ key: 'core.hooksPath', value: ' lead "quoted" back\\slash # not a comment\ttab\nnewline ünï ' }]],
      [start, [{ key: 'remote.origin.url', value: '/elsewhere.git' }, { key: 'x.Sub "q" \\.key', value: 'v' }]],
      ['[core]\n\tbare = false', [{ key: 'user.name', value: 'No Newline At End' }]],
      ['', [{ key: 'a.b', value: 'c' }]],
    ];
    for (const [text, changes] of cases) {
      writeFileSync(file, text);
      for (const { key, value, add } of changes) execFileSync('git', ['config', '--file', file, ...(add ? ['--add'] : []), key, value], { env: cleanEnv() });
      const byGit = gitLists(readFileSync(file, 'utf8'));
      const edited = withConfigValues(text, changes);
      expect(edited, text).not.toBeNull();
      expect([...gitLists(edited!)], JSON.stringify(changes)).toEqual([...byGit]);
    }
    expect(withConfigValues(start, [{ key: 'core.repositoryFormatVersion', value: '1' }])).toBe(start.replace('\trepositoryformatversion = 0', '\trepositoryFormatVersion = 1'));
  });

  it('leaves to git a key set more than once, and a file it does not read', () => {
    expect(withConfigValues('[x]\n\tk = 1\n\tk = 2\n', [{ key: 'x.k', value: '3' }])).toBeNull();
    expect(withConfigValues('[x]\n\tk = 1\n\tk = 2\n', [{ key: 'x.k', value: '3', add: true }])).not.toBeNull();
    expect(withConfigValues('[x]\n\tflag\n', [{ key: 'x.k', value: '3' }])).toBeNull();
  });
});
