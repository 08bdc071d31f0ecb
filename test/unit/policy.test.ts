import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config.js';
import { evaluate, type Change } from '../../src/core/policy.js';
import { compilePolicy } from '../../src/library.js';
import { compilePolicy as compileWith } from '../../src/core/policy.js';
import { micromatchRegex } from '../../src/io/glob-regex.js';

const config = validateConfig(
  {
    shared: ['package-lock.json'],
    protected: ['.github/**', '!.github/ISSUE_TEMPLATE/**'],
    agents: {
      orders: { scope: ['src/orders/**', 'test/orders/**', '!src/orders/legacy/**'] },
      web: { scope: ['web/**', 'with space/**', 'ünï/**', '-dash/**'] },
    },
  },
  'agent-guard.config.json',
);
const orders = compilePolicy(config, 'orders', 'agent-guard.config.json');
const web = compilePolicy(config, 'web', 'agent-guard.config.json');

const change = (path: string, extra: Partial<Change> = {}): Change => ({ kind: 'modified', path, oldPath: null, commit: null, ...extra });

describe('reasonAgainst', () => {
  it.each([
    ['src/orders/a.ts', null],
    ['src/orders/deep/er/b.ts', null],
    ['src/orders/.hidden', null],
    ['test/orders/a.test.ts', null],
    ['src/orders/legacy/old.ts', 'out-of-scope'],
    ['src/ordersX/a.ts', 'out-of-scope'],
    ['web/a.ts', 'out-of-scope'],
    ['package-lock.json', null],
    ['sub/package-lock.json', 'out-of-scope'],
    ['.github/workflows/ci.yml', 'protected'],
    ['.github/ISSUE_TEMPLATE/bug.md', 'out-of-scope'],
    ['agent-guard.config.json', 'protected'],
    ['.agent-guardrc', 'protected'],
    ['agent-guard.config.ts', 'protected'],
    ['.agent-guard/manifest.json', 'protected'],
    ['package.json', 'out-of-scope'],
  ])('orders: %s -> %s', (path, expected) => {
    expect(orders.reasonAgainst(path)).toBe(expected);
  });

  it.each([
    ['web/a b.ts', null],
    ["web/it's \"quoted\".ts", null],
    ['web/new\nline.ts', null],
    ['with space/x', null],
    ['ünï/日本.ts', null],
    ['-dash/x', null],
    ['src/orders/a.ts', 'out-of-scope'],
  ])('web: %j -> %s', (path, expected) => {
    expect(web.reasonAgainst(path)).toBe(expected);
  });

  it('protects package.json when the config lives there', () => {
    const policy = compilePolicy(config, 'orders', 'package.json');
    expect(policy.reasonAgainst('package.json')).toBe('protected');
  });

  it('lets protected win over an agent whose scope names the protected file', () => {
    const wide = validateConfig({ protected: ['src/orders/secret.ts'], agents: { a: { scope: ['**'] } } }, 'c.json');
    const policy = compilePolicy(wide, 'a', 'c.json');
    expect(policy.reasonAgainst('src/orders/secret.ts')).toBe('protected');
    expect(policy.reasonAgainst('agent-guard.config.yaml')).toBe('protected');
    expect(policy.reasonAgainst('anything/else')).toBeNull();
  });
});

describe('evaluate', () => {
  it('passes an empty change list', () => {
    expect(evaluate(orders, [])).toEqual({ ok: true, agent: 'orders', checked: 0, violations: [] });
  });

  it('treats a human checkout (no agent) as unrestricted', () => {
    const human = compilePolicy(config, null, 'agent-guard.config.json');
    expect(evaluate(human, [change('agent-guard.config.json'), change('web/x')]).ok).toBe(true);
  });

  it('counts deletions', () => {
    const verdict = evaluate(orders, [change('web/x.ts', { kind: 'deleted' })]);
    expect(verdict.violations).toEqual([{ path: 'web/x.ts', reason: 'out-of-scope', commit: null, oldPath: null, kind: 'deleted' }]);
  });

  it('checks both sides of a rename: moving a file out of another scope fails', () => {
    const verdict = evaluate(orders, [change('src/orders/stolen.ts', { kind: 'renamed', oldPath: 'web/x.ts', commit: 'c1' })]);
    expect(verdict.violations).toEqual([{ path: 'web/x.ts', reason: 'out-of-scope', commit: 'c1', oldPath: null, kind: 'renamed' }]);
  });

  it('checks both sides of a rename: moving a file out of scope fails', () => {
    const verdict = evaluate(orders, [change('web/x.ts', { kind: 'renamed', oldPath: 'src/orders/a.ts' })]);
    expect(verdict.violations).toEqual([{ path: 'web/x.ts', reason: 'out-of-scope', commit: null, oldPath: 'src/orders/a.ts', kind: 'renamed' }]);
  });

  it('checks both paths of a copy', () => {
    const verdict = evaluate(orders, [change('src/orders/copy.ts', { kind: 'copied', oldPath: 'web/x.ts' })]);
    expect(verdict.ok).toBe(false);
  });

  it('reports each commit that touched a forbidden file, even if a later one reverted it', () => {
    const verdict = evaluate(orders, [
      change('web/x.ts', { kind: 'added', commit: 'c1' }),
      change('web/x.ts', { kind: 'deleted', commit: 'c2' }),
    ]);
    expect(verdict.violations.map((v) => v.commit)).toEqual(['c1', 'c2']);
    expect(verdict.checked).toBe(2);
  });

  it('refuses an unknown agent at compile time', () => {
    expect(() => compilePolicy(config, 'ghost', 'x')).toThrow(/unknown agent/);
  });
});

describe('a new path an agent started earlier also holds', () => {
  const overlapping = validateConfig({ shared: ['docs/shared.md'], agents: { runtime: { scope: ['pkg/**'] }, docs: { scope: ['**/*.md'] } } }, 'c.json');
  const docs = compileWith(overlapping, 'docs', 'c.json', micromatchRegex, [{ agent: 'runtime', scope: ['pkg/**'] }]);

  it('is refused as new (added, or a rename or copy destination) and names the owner; an existing file in both scopes is not', () => {
    const verdict = evaluate(docs, [change('pkg/notes.md', { kind: 'added' }), change('pkg/old.md'), change('docs/a.md', { kind: 'added' }), change('pkg/moved.md', { kind: 'renamed', oldPath: 'docs/b.md' })]);
    expect(verdict.violations).toEqual([
      { path: 'pkg/notes.md', reason: 'out-of-scope', commit: null, oldPath: null, kind: 'added', owner: 'runtime' },
      { path: 'pkg/moved.md', reason: 'out-of-scope', commit: null, oldPath: 'docs/b.md', kind: 'renamed', owner: 'runtime' },
    ]);
  });

  it('leaves out-of-scope and shared paths to their own rules', () => {
    expect(evaluate(docs, [change('pkg/x.ts', { kind: 'added' })]).violations).toEqual([{ path: 'pkg/x.ts', reason: 'out-of-scope', commit: null, oldPath: null, kind: 'added' }]);
    expect(docs.reasonAgainst('docs/shared.md', true)).toBeNull();
    expect(docs.ownerOfNew('pkg/a.md')).toBe('runtime');
  });
});
