import { describe, expect, it } from 'vitest';
import { parseNameStatus } from '../../src/git/parse.js';

const sha1 = 'a'.repeat(40);
const sha2 = 'b'.repeat(40);

describe('parseNameStatus', () => {
  it('parses staged output with nasty names exactly', () => {
    const out = ['A', 'a b.txt', 'M', 'new\nline', 'D', '-dash', 'T', 'ünï "q"', ''].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { kind: 'added', path: 'a b.txt', oldPath: null, commit: null },
      { kind: 'modified', path: 'new\nline', oldPath: null, commit: null },
      { kind: 'deleted', path: '-dash', oldPath: null, commit: null },
      { kind: 'type-changed', path: 'ünï "q"', oldPath: null, commit: null },
    ]);
  });

  it('parses renames and copies as two paths', () => {
    const out = ['R100', 'old name', 'new name', 'C075', 'src', 'dst', ''].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { kind: 'renamed', path: 'new name', oldPath: 'old name', commit: null },
      { kind: 'copied', path: 'dst', oldPath: 'src', commit: null },
    ]);
  });

  it('tags diff-tree --stdin entries with the commit that precedes them', () => {
    const out = [sha1, 'A', 'x', sha2, 'M', 'y', 'R050', 'p', 'q', ''].join('\0');
    expect(parseNameStatus(out).map((c) => [c.commit, c.path])).toEqual([
      [sha1, 'x'],
      [sha2, 'y'],
      [sha2, 'q'],
    ]);
  });

  it('does not mistake a 40-hex file name for a commit', () => {
    const out = [sha1, 'A', sha2, ''].join('\0');
    expect(parseNameStatus(out)).toEqual([{ kind: 'added', path: sha2, oldPath: null, commit: sha1 }]);
  });

  it('reads combined statuses of merge commits as one path', () => {
    const out = [sha1, 'AA', 'evil', 'MM', 'both', ''].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { kind: 'added', path: 'evil', oldPath: null, commit: sha1 },
      { kind: 'modified', path: 'both', oldPath: null, commit: sha1 },
    ]);
  });

  it('returns nothing for empty output', () => {
    expect(parseNameStatus('')).toEqual([]);
  });
});

describe('parseNameStatus on `git log --format=%H -z --name-status` output', () => {
  it('reads each commit, an empty commit, a merge without edits of its own, and a path with a newline', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const m = 'c'.repeat(40);
    const d = 'd'.repeat(40);
    const out = `${a}\0\nA\0x.ts\0R100\0old.ts\0new.ts\0${b}\0${m}\0\0${d}\0\nA\0x\ny\0`;
    expect(parseNameStatus(out)).toEqual([
      { kind: 'added', path: 'x.ts', oldPath: null, commit: a },
      { kind: 'renamed', path: 'new.ts', oldPath: 'old.ts', commit: a },
      { kind: 'added', path: 'x\ny', oldPath: null, commit: d },
    ]);
  });
});
