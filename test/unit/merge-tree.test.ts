import { describe, expect, it } from 'vitest';
import { mergeTreesAtOnce } from '../../src/git/merge-batch.js';
import { forecastCommits, mergeTree, parseChangedPaths, parseMergeTree, pathsApart } from '../../src/git/merge-tree.js';
import { makeRepo } from '../helpers/repo.js';
import { runToEnd } from '../helpers/spawner.js';

const TREE = 'ac86acf1e4485c019b55e3efbce869cedf20ec1c';

describe('parseMergeTree: git merge-tree --write-tree -z --messages, read', () => {
  it('reads the conflicted files and the kind git names for each, leaving informational messages out', () => {
    const out = [
      TREE,
      `100644 587be6b4c3f93f93c489c0111bba5596147a26cb 1\tg`,
      `100644 5ea2ed416fbd4a4cbe227b75fe255dd7fa6bd4d6 3\tg`,
      `100644 1111111111111111111111111111111111111111 2\tpackage.json`,
      '',
      '1', 'package.json', 'Auto-merging', 'Auto-merging package.json\n',
      '1', 'package.json', 'CONFLICT (contents)', 'CONFLICT (content): Merge conflict in package.json\n',
      '1', 'g', 'CONFLICT (modify/delete)', 'CONFLICT (modify/delete): g deleted in A and modified in B.\n',
      '2', 'old name.ts', 'new name.ts', 'CONFLICT (rename/delete)', 'CONFLICT (rename/delete): ...\n',
      '',
    ].join('\0');
    expect(parseMergeTree(out, false)).toEqual({
      clean: false,
      tree: TREE,
      conflicts: [
        { path: 'g', kind: 'modify/delete' },
        { path: 'new name.ts', kind: 'rename' },
        { path: 'old name.ts', kind: 'rename' },
        { path: 'package.json', kind: 'content' },
      ],
    });
    expect(parseMergeTree(`${TREE}\0\0`, true)).toEqual({ clean: true, tree: TREE, conflicts: [] });
  });
});

describe('what two agents change, and when their merges cannot meet', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const C = 'c'.repeat(40);
  it('splits diff-tree --stdin output by pair, a pair without changes printing nothing', () => {
    const out = [A, 'M', 'web/a.ts', 'A', 'web/new file.ts', C, 'D', `${B}.txt`, ''].join('\0');
    expect(parseChangedPaths(out, [A, B, C])).toEqual([['M:web/a.ts', 'A:web/new file.ts'], [], [`D:${B}.txt`]]);
  });

  it('keeps apart only changes that share no path, no file/folder, and no folder one side deletes from', () => {
    expect(pathsApart(['A:src/orders/a.ts', 'M:package.json'], ['A:src/web/b.ts'])).toBe(true); // folders in common are fine
    expect(pathsApart(['M:package.json'], ['M:package.json'])).toBe(false);
    expect(pathsApart(['A:docs'], ['A:docs/guide.md'])).toBe(false); // a file where the other makes a folder
    // a folder renamed away (its files deleted there) and a file added to it or above: git may move the file
    expect(pathsApart(['D:old/sub/a', 'A:new/sub/a'], ['A:old/y'])).toBe(false);
    expect(pathsApart(['A:old/y'], ['D:old/sub/a', 'A:new/sub/a'])).toBe(false);
    expect(pathsApart(['D:old/sub/a', 'A:new/sub/a'], ['A:other/y'])).toBe(true);
  });
});

describe('forecast commits', () => {
  it('are the very commits git commit-tree makes with the fixed identity and date, several from one process', async () => {
    const repo = makeRepo();
    try {
      repo.write('a.txt');
      const first = repo.commitAll('one');
      repo.write('b.txt');
      const second = repo.commitAll('two');
      const tree = repo.git('rev-parse', `${second}^{tree}`).trim();
      const who = { GIT_AUTHOR_NAME: 'agent-guard', GIT_AUTHOR_EMAIL: 'forecast@agent-guard', GIT_AUTHOR_DATE: '@0 +0000', GIT_COMMITTER_NAME: 'agent-guard', GIT_COMMITTER_EMAIL: 'forecast@agent-guard', GIT_COMMITTER_DATE: '@0 +0000' };
      const byCommitTree = (parents: string[]) => runToEnd('git', ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', 'agent-guard forecast'], { cwd: repo.path, env: who }).stdout.trim();
      const made = await forecastCommits(repo.path, [{ tree, parents: [first, second] }, { tree, parents: [second] }]);
      expect(made).toEqual([byCommitTree([first, second]), byCommitTree([second])]);
      expect(repo.git('cat-file', '-t', made[0]!).trim()).toBe('commit');
    } finally {
      repo.remove();
    }
  });
});

describe('merges from one sh process', () => {
  it('give what git merge-tree gives one by one, clean or conflicted, and null where git gives no merge', async () => {
    const repo = makeRepo();
    try {
      repo.write('shared.txt', 'base\n');
      const base = repo.commitAll('base');
      const side = (name: string, content: string) => {
        repo.git('checkout', '-q', '-b', name, base);
        repo.write('shared.txt', content);
        repo.write(`${name} file.txt`);
        return repo.commitAll(name);
      };
      const [a, b, c] = [side('a', 'a\n'), side('b', 'b\n'), side('c', 'base\n')];
      const pairs = [[a, b], [a, c], [b, c], [a, 'f'.repeat(40)]] as const;
      const batch = await mergeTreesAtOnce(repo.path, pairs);
      const oneByOne = await Promise.all(pairs.slice(0, 3).map(([ours, theirs]) => mergeTree(repo.path, ours, theirs)));
      expect(batch.slice(0, 3).map((r) => parseMergeTree(r!.out, r!.clean))).toEqual(oneByOne);
      expect(oneByOne.map((m) => m.clean)).toEqual([false, true, true]);
      expect(batch[3]).toBeNull();
      await expect(mergeTreesAtOnce(repo.path, [[a, 'main; rm -rf /']])).rejects.toThrow(/not commit ids/);
    } finally {
      repo.remove();
    }
  });
});
