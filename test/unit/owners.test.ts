import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config.js';
import { micromatchRegex } from '../../src/core/glob-regex.js';
import { compileOwners } from '../../src/core/policy.js';
import { compileScope } from '../../src/core/scope.js';

describe('owners of a path (the indexed lookup gives what testing every agent gives)', () => {
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
});
