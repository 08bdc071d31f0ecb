import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { discard } from '../helpers/discard.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

// The vuejs/core layout: three agents whose scopes share no tracked file, two of which can both write
// packages/runtime-core/notes.md.
const AGENTS = {
  runtime: { scope: ['packages/runtime-{core,dom}/**'] },
  compiler: { scope: ['packages/compiler-*/**'] },
  docs: { scope: ['**/*.md', '!packages/**/README.md'] },
};

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  repo.write('packages/runtime-core/src/index.ts');
  repo.write('packages/runtime-dom/src/index.ts');
  repo.write('packages/compiler-core/src/index.ts');
  repo.write('packages/runtime-core/README.md');
  repo.write('docs/guide.ts');
});
afterEach(() => {
  repo.remove();
  discard(`${repo.path}.agents`);
});

describe('scopes that overlap in files not yet written', () => {
  it('plan lists glob overlaps with a witness apart from file overlaps, and exits 1', () => {
    repo.config({ base: 'main', agents: AGENTS });
    repo.commitAll('base');
    const text = run(repo.path, ['plan']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/"docs" and "runtime" share no file yet, but their globs both match paths not yet written, e.g. packages\/runtime-(core|dom)\/\S+\.md/);
    expect(text.stdout).toMatch(/"compiler" and "docs" share no file yet/);
    expect(text.stdout).not.toMatch(/"compiler" and "runtime"/);
    const json = JSON.parse(run(repo.path, ['plan', '--json']).stdout);
    expect(json.overlaps).toEqual([]);
    expect(json.globOverlaps.map((o: { agents: string[] }) => o.agents)).toEqual([['compiler', 'docs'], ['docs', 'runtime']]);
    expect(json.ok).toBe(false);
  });

  it('spawn refuses a scope whose globs overlap a live agent\'s, naming it and a witness; --allow-overlap lets it through', () => {
    repo.config({ base: 'main', agents: AGENTS });
    repo.commitAll('base');
    expect(run(repo.path, ['init']).code).toBe(0);
    repo.commitAll('init');
    expect(run(repo.path, ['spawn', 'runtime']).code).toBe(0);
    expect(run(repo.path, ['spawn', 'compiler']).code).toBe(0);
    const refused = run(repo.path, ['spawn', 'docs']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/with "runtime": no file yet, but both scopes match paths not yet written, e\.g\. packages\/runtime-(core|dom)\/\S+\.md/);
    expect(refused.stdout + refused.stderr).toMatch(/with "compiler": no file yet/);
    expect(run(repo.path, ['spawn', 'docs', '--allow-overlap']).code).toBe(0);
  });

  it('lets agents in sequence share globs, and disjoint globs pass', () => {
    repo.config({ base: 'main', agents: { runtime: AGENTS.runtime, compiler: AGENTS.compiler, docs: { ...AGENTS.docs, after: ['runtime', 'compiler'] } } });
    repo.commitAll('base');
    const plan = run(repo.path, ['plan']);
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('No overlaps');
  });

  it('names the agent and the glob micromatch rejects', () => {
    repo.config({ base: 'main', agents: { a: { scope: ['src/**'] }, b: { scope: [''] } } });
    const result = run(repo.path, ['plan']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/agents\.b\.scope/);
  });
});

describe('status', () => {
  it('shows the glob overlaps between live agents (after --allow-overlap)', () => {
    repo.config({ base: 'main', agents: AGENTS });
    repo.commitAll('base');
    expect(run(repo.path, ['init']).code).toBe(0);
    repo.commitAll('init');
    expect(run(repo.path, ['spawn', 'runtime']).code).toBe(0);
    expect(run(repo.path, ['spawn', 'docs', '--allow-overlap']).code).toBe(0);
    const json = JSON.parse(run(repo.path, ['status', '--json']).stdout);
    expect(json.globOverlaps).toEqual([{ agents: ['docs', 'runtime'], witness: expect.stringMatching(/^packages\/runtime-(core|dom)\/.*\.md$/) }]);
    const text = run(repo.path, ['status']).stdout;
    expect(text).toContain('Scopes that can meet in files not yet written:');
    expect(text).toMatch(/ {2}docs and runtime: e\.g\. packages\/runtime-/);
  });
});
