import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { globOverlaps, type AgentGlobs } from '../../src/core/glob-overlap.js';
import { compileGlobs, compileScope, micromatchSource } from '../../src/core/scope.js';

const toRegex = (glob: string) => micromatchSource(micromatch, glob);
const agent = (name: string, scope: string[]): AgentGlobs => ({ name, scope, test: compileScope(scope, toRegex) });
const overlapOf = (a: string[], b: string[], excluded: string[] = []) => globOverlaps([agent('a', a), agent('b', b)], excluded, toRegex, compileGlobs(excluded, toRegex))[0] ?? null;

// [scope a, scope b, whether some path matches both (with the witness's own check below)]
const table: [string[], string[], boolean][] = [
  [['src/orders/**'], ['web/**'], false],
  [['src/**'], ['src/orders/**'], true],
  [['packages/runtime-{core,dom}/**'], ['**/*.md', '!packages/**/README.md'], true],
  [['packages/runtime-{core,dom}/**'], ['packages/compiler-*/**'], false],
  [['packages/{a,b}/**'], ['packages/{b,c}/**'], true],
  [['packages/{a,b}/**'], ['packages/{c,d}/**'], false],
  [['src/*.ts'], ['src/*/*.ts'], false],
  [['src/*.ts'], ['src/**/*.ts'], true],
  [['src/**/*.ts'], ['src/**/*.js'], false],
  [['**/*.md'], ['docs/**', '!docs/**/*.md'], false],
  [['docs/**'], ['**/*.md', '!docs/**'], false],
  [['[abc]/*.js'], ['b/x.*'], true],
  [['[abc]/*.js'], ['d/*.js'], false],
  [['lib/[0-9]*.ts'], ['lib/v*.ts'], false],
  [['+(a|b)/x'], ['ab/*'], true],
  // the paths written from the globs miss this one; the automata find src/b/c.ts
  [['src/{a,b}/c.ts'], ['src/{x,b}/*.ts'], true],
  [['+(a|b)/x'], ['c/*'], false],
  [['@(api|web)/**'], ['web/page.ts'], true],
  [['.github/**'], ['**/*.yml'], true],
  [['*'], ['*/**'], false],
  [['*'], ['.env'], true],
  [['src/a.ts'], ['src/a.ts'], true],
  [['src/a.ts'], ['src/b.ts'], false],
  [['src/**'], ['src/**', '!src/**'], false],
  [['**'], ['x/**', '!x/y/**'], true],
];

describe('glob overlaps: can one path match both scopes?', () => {
  it.each(table)('%j and %j → %s', (a, b, expected) => {
    const verdict = overlapOf(a, b);
    if (!expected) {
      expect(verdict).toBeNull();
      return;
    }
    expect(verdict).not.toBeNull();
    expect(verdict).toHaveProperty('witness');
    const witness = (verdict as { witness: string }).witness;
    expect(micromatch.isMatch(witness, a.filter((g) => !g.startsWith('!')), { dot: true }) && !micromatch.isMatch(witness, a.filter((g) => g.startsWith('!')).map((g) => g.slice(1)), { dot: true })).toBe(true);
    expect(micromatch.isMatch(witness, b.filter((g) => !g.startsWith('!')), { dot: true }) && !micromatch.isMatch(witness, b.filter((g) => g.startsWith('!')).map((g) => g.slice(1)), { dot: true })).toBe(true);
  });

  it('leaves out protected and shared globs: a path only they hold is no overlap', () => {
    expect(overlapOf(['src/**'], ['**/*.json'], ['src/**/*.json'])).toBeNull();
    expect(overlapOf(['src/**'], ['**/*.json'], ['src/a/*.json'])).toMatchObject({ witness: expect.stringMatching(/^src\/.*\.json$/) });
  });

  it('gives readable witnesses', () => {
    expect(overlapOf(['packages/runtime-{core,dom}/**'], ['**/*.md', '!packages/**/README.md'])).toEqual({ agents: ['a', 'b'], witness: expect.stringMatching(/^packages\/runtime-(core|dom)\/[a-z0-9][^/]*\.md$/) });
  });

  it('never says "disjoint" for two scopes a random path matches both (against micromatch)', () => {
    const parts = ['src', 'web', 'docs', 'a', 'b', '.github', 'x.md', 'y.ts', 'README.md', 'pkg', '.env', 'z.js'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pathOf = () => Array.from({ length: 1 + random(4) }, () => parts[random(parts.length)]).join('/');
    // a glob that matches `path` (most of the time), written the ways scopes are: wildcards, braces, classes, extglobs
    const globFrom = (path: string) =>
      path
        .split('/')
        .map((seg) => [seg, '*', '**', `{${seg},q}`, `[${seg[0]}]${seg.slice(1)}`, seg.includes('.') ? `*${seg.slice(seg.indexOf('.'))}` : `${seg}*`, `@(${seg}|zz)`, 'other'][random(8)])
        .join('/');
    const paths = Array.from({ length: 300 }, pathOf);
    let checked = 0;
    for (let round = 0; round < 200; round++) {
      const seedPath = pathOf();
      const a = [globFrom(seedPath), ...(random(3) === 0 ? [`!${globFrom(pathOf())}`] : [])];
      const b = [globFrom(seedPath), ...(random(3) === 0 ? [`!${globFrom(pathOf())}`] : [])];
      const both = [seedPath, ...paths].find((p) => compileScope(a, toRegex)(p) && compileScope(b, toRegex)(p));
      if (both === undefined) continue;
      checked++;
      expect(overlapOf(a, b), `${JSON.stringify(a)} ${JSON.stringify(b)} both match ${both}`).not.toBeNull();
    }
    expect(checked).toBeGreaterThan(60);
  });
});
