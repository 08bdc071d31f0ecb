import { describe, expect, it } from 'vitest';
import { FILES_PER_FOLDER, scopeMap } from '../../src/ui/scope-map.js';

describe('scopeMap', () => {
  const tests = {
    owners: (p: string) => [p.startsWith('src/') && 'orders', p.startsWith('src/shared/') && 'web', p.startsWith('web/') && 'web'].filter((x): x is string => Boolean(x)),
    shared: (p: string) => p === 'package-lock.json',
    protected: (p: string) => p === 'agent-guard.config.json',
  };
  it('counts owners, shared, protected, unowned and overlaps in every folder up to the root, and places strays (a new file too)', () => {
    const map = scopeMap(['src/a.ts', 'src/shared/s.ts', 'web/p.ts', 'package-lock.json', 'agent-guard.config.json', 'README.md'], tests, [{ path: 'web/new.ts', agent: 'orders', reason: 'out-of-scope' }]);
    expect(map).toMatchObject({ files: 7, owners: { orders: 2, web: 3 }, shared: 1, protected: 1, unowned: 1, overlap: 1 });
    expect(map.strays).toEqual([{ path: 'web/new.ts', agent: 'orders', reason: 'out-of-scope' }]);
    const src = map.folders.find((f) => f.name === 'src')!;
    expect(src).toMatchObject({ path: 'src', files: 2, owners: { orders: 2, web: 1 }, overlap: 1 });
    expect(src.folders[0]).toMatchObject({ path: 'src/shared', own: [{ name: 's.ts', owners: ['orders', 'web'] }] });
    const web = map.folders.find((f) => f.name === 'web')!;
    expect(web.own).toEqual([{ name: 'new.ts', owners: ['web'], stray: 'orders' }, { name: 'p.ts', owners: ['web'] }]);
    expect(map.own.map((f) => f.name)).toEqual(['README.md', 'agent-guard.config.json', 'package-lock.json']);
  });
  it('lists a folder\'s first files and counts the rest', () => {
    const files = Array.from({ length: FILES_PER_FOLDER + 5 }, (_, i) => `big/f${String(i).padStart(4, '0')}.ts`);
    const big = scopeMap(files, tests, []).folders[0]!;
    expect(big.own.length).toBe(FILES_PER_FOLDER);
    expect(big.more).toBe(5);
    expect(big.files).toBe(FILES_PER_FOLDER + 5);
  });
});
