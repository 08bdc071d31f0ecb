import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house's floors: a module may import its own floor and those below, never one above (type-only
 * imports aside: they leave no trace at run time). `src/core` is pure and imports only itself (and the
 * lazy loader of micromatch's and refa's code).
 */
const FLOORS: Record<string, number> = {
  core: 0,
  io: 1,
  git: 1,
  config: 2,
  events: 2,
  home: 2,
  render: 2,
  status: 3,
  conflicts: 3,
  claims: 3,
  guard: 3,
  init: 3,
  clients: 3,
  doctor: 4,
  lifecycle: 5,
  ui: 5,
  cli: 6,
  '.': 6, // the entries: src/hook-entry.ts, src/guard-entry.ts, src/index.ts, src/library.ts…
};

const SRC = join(__dirname, '..', '..', 'src');
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
const folderOf = (file: string) => relative(SRC, dirname(file)).split('/')[0] || '.';

/** The modules a file loads at run time: static imports (not `import type`) and dynamic `import()`s. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gms)) found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) found.push(m[1]!);
  return found.map((ref) => resolve(dirname(file), ref.replace(/\.js$/, '.ts')));
}

describe('the structure of src/', () => {
  const all = files(SRC);
  it('names a floor for every folder', () => {
    expect(all.map(folderOf).filter((f) => !(f in FLOORS))).toEqual([]);
  });
  it('has no import from a lower floor up to a higher one', () => {
    const upward: string[] = [];
    for (const file of all) {
      const from = folderOf(file);
      for (const target of runtimeImports(file)) {
        const to = folderOf(target);
        if (from === 'core' && relative(SRC, target) === 'io/lazy-require.ts') continue;
        if (FLOORS[to]! > FLOORS[from]!) upward.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
