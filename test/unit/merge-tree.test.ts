import { describe, expect, it } from 'vitest';
import { parseMergeTree } from '../../src/git/merge-tree.js';

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
