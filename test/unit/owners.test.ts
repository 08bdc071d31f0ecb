import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config.js';
import { micromatchRegex } from '../../src/io/glob-regex.js';
import { compileOwners } from '../../src/core/owners.js';
import { compileScope } from '../../src/core/scope.js';

describe('owners of a path (the per-folder answer gives what testing every agent gives)', () => {
  const config = validateConfig(
    {
      agents: {
        orders: { scope: ['src/orders/**', '!src/orders/legacy/**'] },
        src: { scope: ['src/**'] },
        wide: { scope: ['pkg*/**', '!**/*.snap'] },
        readme: { scope: ['README.md', 'docs/*.md'] },
        anyMd: { scope: ['**/*.md'] },
        top: { scope: ['*.json'] },
        braces: { scope: ['{web,app}/**'] },
        dot: { scope: ['.github/**'] },
        folderItself: { scope: ['tools/**'] },
      },
    },
    'f',
  );
  const paths = [
    'src/orders/a.ts', 'src/orders/legacy/b.ts', 'src/x.ts', 'src', 'pkg1/a.ts', 'pkg1/a.snap', 'README.md', 'docs/a.md',
    'docs/deep/a.md', 'package.json', 'web/a.ts', 'app/b.ts', '.github/workflows/ci.yml', 'tools', 'tools/x', 'other/x.ts',
    'weird\nname.md', 'a b/c.ts',
  ];
  const naive = (path: string) => Object.entries(config.agents).filter(([, a]) => compileScope(a.scope, micromatchRegex)(path)).map(([n]) => n);

  it.each(paths)('%j', (path) => {
    expect(compileOwners(config, micromatchRegex)(path)).toEqual(naive(path));
  });

  // Every path of up to three folders from these names, against globs of every kind the per-folder
  // rules tell apart: plain folders, wildcard first segments, literal leads, and open patterns.
  const mixed = validateConfig(
    {
      agents: {
        pkgStar: { scope: ['pkg*/**', '!**/*.snap'] },
        pkgOne: { scope: ['pkg?/**', '!pkg1/sub/**'] },
        anyFirst: { scope: ['*/sub/**'] },
        nested: { scope: ['a/b/**', 'docs/agent0/*.md', '!a/b/c/**'] },
        lead: { scope: ['src/**/test/*.ts', 'src/*.md'] },
        xy: { scope: ['x*/y/**', '!x1/y/z/**'] },
        tools: { scope: ['tools/**', 'a/**'] },
        dots: { scope: ['.github/**', '**/.hidden'] },
        files: { scope: ['*.md', 'a/b', '!a/b/keep.md'] },
      },
    },
    'f',
  );
  const names = ['pkg1', 'pkg12', 'pkgx', 'a', 'b', 'c', 'sub', 'docs', 'agent0', 'src', 'test', '.github', 'tools', 'x1', 'y', 'z'];
  const files = ['f.ts', 'g.snap', 'r.md', 'keep.md', 'tools', 'b', 'pkg1', '.hidden', 'y', 'sub'];
  const folders = [''];
  for (let depth = 0; depth < 3; depth++) for (const f of folders.filter((x) => x.split('/').filter(Boolean).length === depth)) for (const n of names) folders.push(f ? `${f}/${n}` : n);
  const all = folders.flatMap((f) => files.map((file) => (f ? `${f}/${file}` : file)));
  const scopes = Object.entries(mixed.agents).map(([name, a]) => [name, compileScope(a.scope, micromatchRegex)] as const);
  const naiveMixed = (path: string) => scopes.filter(([, inScope]) => inScope(path)).map(([n]) => n);

  it(`gives every one of ${all.length} generated paths the owners testing every scope gives`, () => {
    const owners = compileOwners(mixed, micromatchRegex);
    const wrong = all.filter((path) => JSON.stringify(owners(path)) !== JSON.stringify(naiveMixed(path)));
    expect(wrong.slice(0, 5).map((path) => [path, owners(path), naiveMixed(path)])).toEqual([]);
    // the same again, now from the folders' cached answers
    expect(all.filter((path) => JSON.stringify(owners(path)) !== JSON.stringify(naiveMixed(path)))).toEqual([]);
  });
});

