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

/** The config committed, init run and committed: agents can be spawned. */
function initWith(agents: Record<string, unknown>): void {
  repo.config({ base: 'main', agents });
  repo.commitAll('base');
  expect(run(repo.path, ['init']).code).toBe(0);
  repo.commitAll('init');
}

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
    initWith(AGENTS);
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
    initWith(AGENTS);
    expect(run(repo.path, ['spawn', 'runtime']).code).toBe(0);
    expect(run(repo.path, ['spawn', 'docs', '--allow-overlap']).code).toBe(0);
    const json = JSON.parse(run(repo.path, ['status', '--json']).stdout);
    expect(json.globOverlaps).toEqual([{ agents: ['docs', 'runtime'], witness: expect.stringMatching(/^packages\/runtime-(core|dom)\/.*\.md$/) }]);
    const text = run(repo.path, ['status']).stdout;
    expect(text).toContain('Scopes that can meet in files not yet written:');
    expect(text).toMatch(/ {2}docs and runtime: e\.g\. packages\/runtime-/);
  });
});

describe('a new path two live scopes hold (after --allow-overlap)', () => {
  it('belongs to the agent that started first: the other is refused at edit, commit and check time, naming the owner, until the owner is gone', async () => {
    const { runGuard } = await import('../../src/guard/run.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tryGit } = await import('../helpers/hooks.js');
    initWith(AGENTS);
    expect(run(repo.path, ['spawn', 'runtime']).code).toBe(0);
    expect(run(repo.path, ['spawn', 'docs', '--allow-overlap']).code).toBe(0);
    const docs = `${repo.path}.agents/docs`;
    const runtime = `${repo.path}.agents/runtime`;

    // edit time: a Write of the new file
    const write = JSON.stringify({ cwd: docs, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: join(docs, 'packages/runtime-core/notes.md'), content: 'x' } });
    const denied = await runGuard(write, {});
    expect(denied.stdout).toContain('packages/runtime-core/notes.md is a new file that the scope of agent \\"runtime\\" holds too, and \\"runtime\\" started first: it is theirs.');
    // a new file only docs holds, and an existing file it holds, pass
    const own = JSON.stringify({ cwd: docs, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: join(docs, 'docs/new.md'), content: 'x' } });
    expect((await runGuard(own, {})).stdout).not.toContain('"deny"');

    // commit time
    writeFileSync(join(docs, 'packages/runtime-core/notes.md'), 'notes\n');
    tryGit(docs, ['add', '-A']);
    const commit = tryGit(docs, ['commit', '-q', '-m', 'notes']);
    expect(commit.code).not.toBe(0);
    expect(commit.output).toContain('packages/runtime-core/notes.md');
    expect(commit.output).toContain('new, and agent "runtime" started first with it in its scope: it is theirs');
    // check time (the commit forced through)
    expect(tryGit(docs, ['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'notes']).code).toBe(0);
    const check = JSON.parse(run(docs, ['check', '--base', 'main', '--format', 'json']).stdout);
    expect(check.violations).toEqual([{ path: 'packages/runtime-core/notes.md', reason: 'out-of-scope', commit: expect.any(String), oldPath: null, owner: 'runtime' }]);

    // the agent that started first writes it freely
    writeFileSync(join(runtime, 'packages/runtime-core/notes.md'), 'notes\n');
    tryGit(runtime, ['add', '-A']);
    expect(tryGit(runtime, ['commit', '-q', '-m', 'notes']).code).toBe(0);

    // once the owner is gone, the path is docs' to write
    expect(run(repo.path, ['remove', 'runtime', '--force']).code).toBe(0);
    expect(run(docs, ['check', '--base', 'main']).code).toBe(0);
  });
});

describe('in CI, with claims on', () => {
  it('takes who started first from the claims remote: a new path the earlier claim holds is refused to the later agent', async () => {
    const { makeClaimsRemote } = await import('../helpers/claims-remote.js');
    const { tryGit } = await import('../helpers/hooks.js');
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const claims = makeClaimsRemote(['a', 'b']);
    try {
      const a = claims.clone('a');
      const b = claims.clone('b');
      expect(run(a.path, ['spawn', 'orders']).code).toBe(0);
      // another clone's agent over all Markdown, let through beside the live claim of orders
      expect(run(b.path, ['spawn', 'docs', '--scope', '**/*.md', '--allow-overlap']).code).toBe(0);
      b.git('commit', '-q', '-am', 'docs'); // the config CI reads, on main
      b.git('push', '-q', 'origin', 'main');
      const wt = `${b.path}.agents/docs`;
      mkdirSync(join(wt, 'src/orders'), { recursive: true });
      writeFileSync(join(wt, 'src/orders/NOTES.md'), 'notes\n');
      writeFileSync(join(wt, 'GUIDE.md'), 'guide\n');
      tryGit(wt, ['add', '-A']);
      expect(tryGit(wt, ['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'notes']).code).toBe(0);
      expect(tryGit(wt, ['-c', 'core.hooksPath=/dev/null', 'push', '-q', 'origin', 'agent/docs']).code).toBe(0);
      // the CI checkout: a fresh clone on the pull request's head, the config from origin/main
      const ci = claims.clone('ci');
      ci.git('checkout', '-q', '--detach', 'origin/agent/docs');
      const check = run(ci.path, ['check', '--base', 'origin/main', '--format', 'json'], { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_HEAD_REF: 'agent/docs', GITHUB_BASE_REF: 'main' });
      expect(check.stdout, check.stderr).not.toBe('');
      const report = JSON.parse(check.stdout);
      expect(report.agent).toBe('docs');
      expect(report.violations).toEqual([{ path: 'src/orders/NOTES.md', reason: 'out-of-scope', commit: expect.any(String), oldPath: null, owner: 'orders' }]);
    } finally {
      claims.remove();
    }
  });
});
