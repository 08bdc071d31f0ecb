import { describe, expect, it } from 'vitest';
import { micromatchRegex } from '../../src/io/glob-regex.js';
import { deniedFolders, globFolder } from '../../src/core/sandbox.js';
import { compileScope } from '../../src/core/scope.js';

describe('folders the sandbox makes read-only', () => {
  const files = ['src/orders/a.ts', 'src/orders/legacy/old.ts', 'src/web/x.ts', 'src/web/deep/y.ts', 'docs/guide.md', 'README.md', 'package-lock.json', '.github/workflows/ci.yml'];
  const allowed = compileScope(['src/orders/**', '!src/orders/legacy/**', 'package-lock.json'], micromatchRegex);

  it('denies the highest folders with nothing the agent may change', () => {
    expect(deniedFolders(files, allowed, ['src/orders', ''])).toEqual(['.github', 'docs', 'src/orders/legacy', 'src/web']);
  });

  it('keeps a folder the scope names writable even when git has nothing there yet', () => {
    expect(deniedFolders(files, compileScope(['docs/new/**'], micromatchRegex), ['docs/new'])).toEqual(['.github', 'src']);
  });

  it('denies nothing when a glob can match anywhere', () => {
    expect(deniedFolders(files, compileScope(['**/*.md'], micromatchRegex), null)).toEqual([]);
  });

  it('reads the literal folder of a glob', () => {
    expect(['src/orders/**', 'src/*.ts', 'README.md', 'docs/a.md', '**/*.md', '*.json', '{a,b}/**'].map(globFolder)).toEqual(['src/orders', 'src', '', 'docs', null, '', null]);
  });
});
