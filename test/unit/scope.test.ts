import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { micromatchRegex } from '../../src/io/glob-regex.js';
import { compileGlobs as compileWith, globPrefixes, isFolderGlob, isSuffixGlob } from '../../src/core/scope.js';
import { compileScope } from '../../src/library.js';

const compileGlobs = (globs: string[]) => compileWith(globs, micromatchRegex);

const globs = ['src/**', '*.md', 'docs/*.{md,txt}', 'a/**/b/*.ts', '.github/**', 'lib/?.js', '[ab]/x', 'x/!(y)/*', '**/*.test.ts'];
const paths = ['src/a.ts', 'src', 'src/.env', 'README.md', 'docs/x.md', 'docs/x/y.md', 'a/b/c.ts', 'a/q/r/b/c.ts', '.github/ci.yml', 'lib/a.js', 'lib/ab.js', 'a/x', 'c/x', 'x/z/q', 'x/y/q', 'deep/er/a.test.ts', 'n.test.ts', 'ü/ß.md', 'a b.md'];

describe('compileGlobs', () => {
  it.each(globs)('agrees with micromatch.isMatch for %s', (glob) => {
    const test = compileGlobs([glob]);
    for (const path of paths) expect([path, test(path)]).toEqual([path, micromatch.isMatch(path, glob, { dot: true })]);
  });

  it('matches paths that contain newlines', () => {
    expect(compileGlobs(['web/**'])('web/new\nline.ts')).toBe(true);
    expect(compileGlobs(['web/*.ts'])('web/new\nline.ts')).toBe(true);
    expect(compileGlobs(['web/*.ts'])('web/a\n/b.ts')).toBe(false);
  });

  it('matches nothing for an empty list', () => {
    expect(compileGlobs([])('anything')).toBe(false);
  });
});

describe('compileScope', () => {
  it('subtracts ! globs from the positive ones', () => {
    const inScope = compileScope(['src/**', '!src/legacy/**', '!**/*.snap']);
    expect(inScope('src/a.ts')).toBe(true);
    expect(inScope('src/legacy/a.ts')).toBe(false);
    expect(inScope('src/x/a.snap')).toBe(false);
  });

  it('with only ! globs allows nothing', () => {
    expect(compileScope(['!src/**'])('web/a')).toBe(false);
  });
});

describe('folder globs are tested as prefixes, with micromatch\'s answers', () => {
  const globs = ['src/orders/**', 'pkg1/**', '.github/**', 'a b/**', 'ünï/**'];
  const paths = ['src/orders/a.ts', 'src/orders', 'src/ordersx/a.ts', 'src/orders/.env', 'src/orders/deep/x\ny.ts', 'pkg1/a', 'pkg10/a', 'pkg1', '.github/workflows/ci.yml', 'a b/c', 'ünï/x', 'x/src/orders/a.ts'];
  it.each(globs.flatMap((g) => paths.map((p) => [g, p] as const)))('%s against %j', (glob, path) => {
    const viaRegex = new RegExp(micromatchRegex(glob), 's').test(path);
    expect(compileWith([glob], micromatchRegex)(path)).toBe(viaRegex);
  });

  it('knows which globs are plain folders', () => {
    expect(['src/**', 'a/b c/**', '.github/**'].map(isFolderGlob)).toEqual([true, true, true]);
    expect(['src/*', '**', 'src/**/x', 'src/{a,b}/**', './src/**', 'src/../x/**', '!src/**', '/**'].map(isFolderGlob)).toEqual([false, false, false, false, false, false, false, false]);
  });
});

describe('suffix globs (**/*.ext) are tested as suffixes, with micromatch\'s answers', () => {
  const globs = ['**/*.snap', '**/*.test.ts', '**/*-lock.json', '**/*ü'];
  const paths = ['.snap', 'x.snap', 'a/b/x.snap', 'a/.snap', 'a/..snap', 'a/x.snap/y', 'a/x.snapx', 'x.SNAP', 'a b/c d.snap', 'a/\n.snap', 'a/x\n.snap', 'snap', 'a/snap',
    'src/a.test.ts', 'a.test.tsx', 'test.ts', 'package-lock.json', 'a/package-lock.json', '-lock.json', 'a/ü', 'ü', 'aü/b'];
  it.each(globs.flatMap((g) => paths.map((p) => [g, p] as const)))('%s against %j', (glob, path) => {
    const viaRegex = new RegExp(micromatchRegex(glob), 's').test(path);
    expect(compileWith([glob], micromatchRegex)(path)).toBe(viaRegex);
  });

  it('agrees with micromatch on 20,000 random git-like paths', () => {
    const chars = ['a', '.', '/', 's', 'n', 'p', '\n', ' ', '-', 'x'];
    const regexes = globs.map((glob) => [glob, new RegExp(micromatchRegex(glob), 's'), compileWith([glob], micromatchRegex)] as const);
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let path = '';
      for (let j = 1 + random(8); j > 0; j--) path += chars[random(chars.length)];
      path += ['', '.snap', '.test.ts', '-lock.json', 'ü'][random(5)];
      if (path.startsWith('/') || path.endsWith('/') || path.includes('//') || path.split('/').some((s) => s === '.' || s === '..')) continue;
      for (const [glob, regex, test] of regexes) if (regex.test(path) !== test(path)) wrong.push(`${glob} ${JSON.stringify(path)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('knows which globs are suffixes', () => {
    expect(['**/*.snap', '**/*.d.ts', '**/*-lock.json'].map(isSuffixGlob)).toEqual([true, true, true]);
    expect(['**/*', '*.snap', '**/a*.snap', '**/*.{js,ts}', '**/*.s?ap', 'src/**/*.ts', '**/x/*.ts', '!**/*.snap'].map(isSuffixGlob)).toEqual([false, false, false, false, false, false, false, false]);
  });
});

describe('globPrefixes: the folders a git pathspec must cover for a list of globs', () => {
  it.each([
    [['src/orders/**', 'test/orders/**', '!src/orders/legacy/**'], ['src/orders', 'test/orders']],
    [['package-lock.json', 'web/**/*.ts', 'docs/a?.md'], ['package-lock.json', 'web', 'docs']],
    [['src/{a,b}/**', 'my dir/**', "it's/x.ts"], ['src', 'my dir', "it's/x.ts"]],
    [['src/**', 'src/orders/**'], ['src', 'src/orders']],
    [['**/*.md', 'web/**'], null],
    [['*.json'], null],
    [[], []],
  ])('%j -> %j', (globs, prefixes) => {
    expect(globPrefixes(globs)).toEqual(prefixes);
  });

  it('covers every path micromatch matches', () => {
    const globs = ['src/orders/**', 'web/**/*.ts', 'docs/a?.md', 'src/{a,b}/**', 'package-lock.json'];
    const paths = ['src/orders/x.ts', 'web/a/b.ts', 'docs/ab.md', 'src/a/z', 'src/b/q/r', 'package-lock.json', 'web/x.js', 'other/y'];
    const prefixes = globPrefixes(globs)!;
    for (const path of micromatch(paths, globs, { dot: true })) expect(prefixes.some((p) => path === p || path.startsWith(`${p}/`)), path).toBe(true);
  });
});
