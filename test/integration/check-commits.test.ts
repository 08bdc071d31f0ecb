import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { run, runJson } from '../helpers/cli.js';
import { makeRepo, repoAt, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  repo.config({ agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } } });
  repo.write('src/orders/a.ts');
  repo.write('web/page.ts');
  repo.commitAll('base');
  repo.git('checkout', '-q', '-b', 'agent/orders');
});
afterEach(() => repo.remove());

describe('check over commits', () => {
  it('--base fails on a forbidden change even after a later commit reverted it', () => {
    repo.write('web/page.ts', 'stray\n');
    const stray = repo.commitAll('stray');
    repo.git('revert', '--no-edit', 'HEAD');
    const revert = repo.git('rev-parse', 'HEAD').trim();
    repo.write('src/orders/b.ts');
    repo.commitAll('good');
    const { code, json } = runJson(repo.path, ['check', '--base', 'main']);
    expect(code).toBe(1);
    expect(json.checked).toBe(3);
    expect(json.violations).toEqual([
      { path: 'web/page.ts', reason: 'out-of-scope', commit: stray, oldPath: null },
      { path: 'web/page.ts', reason: 'out-of-scope', commit: revert, oldPath: null },
    ]);
  });

  it('--base passes a branch of in-scope commits and an empty commit', () => {
    repo.write('src/orders/b.ts');
    repo.commitAll('good');
    repo.commitAll('empty');
    const result = run(repo.path, ['check', '--base', 'main']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 change checked for agent "orders"');
  });

  it('--base ignores base commits brought in by a merge, but not the merge\'s own edits', () => {
    repo.write('src/orders/b.ts');
    repo.commitAll('good');
    repo.git('checkout', '-q', 'main');
    repo.write('web/other.ts');
    repo.commitAll('web work on main');
    repo.git('checkout', '-q', 'agent/orders');
    repo.git('merge', '-q', '--no-edit', 'main');
    expect(run(repo.path, ['check', '--base', 'main']).code).toBe(0);

    repo.git('checkout', '-q', 'main');
    repo.write('web/more.ts');
    repo.commitAll('more web work');
    repo.git('checkout', '-q', 'agent/orders');
    repo.git('merge', '-q', '--no-commit', 'main');
    repo.write('web/evil.ts');
    repo.git('add', 'web/evil.ts');
    repo.git('commit', '-q', '--no-edit');
    const { code, json } = runJson(repo.path, ['check', '--base', 'main']);
    expect(code).toBe(1);
    expect(json.violations.map((v: { path: string }) => v.path)).toEqual(['web/evil.ts']);
  });

  it('--base after criss-cross merges checks merge-base(base, HEAD)..HEAD, from the base git merge-base names', () => {
    repo.write('web/x1.ts');
    const x1 = repo.commitAll('x1');
    repo.git('checkout', '-q', 'main');
    repo.write('web/m1.ts');
    const m1 = repo.commitAll('m1');
    repo.git('merge', '-q', '--no-edit', 'agent/orders');
    repo.git('checkout', '-q', 'agent/orders');
    repo.git('merge', '-q', '--no-edit', m1);
    repo.write('web/x3.ts');
    repo.commitAll('x3');
    expect(repo.git('merge-base', '--all', 'main', 'HEAD').trim().split('\n').sort()).toEqual([m1, x1].sort());
    // main..HEAD would hold x3 only; from x1 the range also holds m1, from m1 it also holds x1
    const expected = repo.git('merge-base', 'main', 'HEAD').trim() === x1 ? ['web/m1.ts', 'web/x3.ts'] : ['web/x1.ts', 'web/x3.ts'];
    const { code, json } = runJson(repo.path, ['check', '--base', 'main']);
    expect(code).toBe(1);
    expect(json.violations.map((v: { path: string }) => v.path).sort()).toEqual(expected);
  });

  it('--base with no commit in common with HEAD says so', () => {
    repo.git('checkout', '-q', '--orphan', 'agent/web');
    repo.git('rm', '-rfq', '.');
    repo.write('web/x.ts');
    repo.commitAll('unrelated');
    const result = run(repo.path, ['check', '--base', 'main']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('agent-guard: main and HEAD have no common ancestor; check --range instead.\n');
  });

  it('--base in a shallow clone that lacks the merge-base exits 2 with the fetch that fixes it, never a silent pass', () => {
    repo.write('web/x.ts');
    repo.commitAll('on main');
    repo.git('checkout', '-q', '-b', 'agent/web');
    repo.write('src/orders/stray.ts');
    repo.commitAll('stray');
    const clone = repoAt(mkdtempSync(join(tmpdir(), 'ag-shallow-')));
    clone.git('clone', '-q', '--depth=1', '--no-local', '--branch', 'agent/web', repo.path, '.');
    clone.git('fetch', '-q', '--depth=1', 'origin', 'main:main');
    const result = run(clone.path, ['check', '--base', 'main']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('this clone is shallow');
    expect(result.stderr).toContain('fetch-depth: 0');
    clone.git('fetch', '-q', '--unshallow', 'origin');
    expect(run(clone.path, ['check', '--base', 'main']).code).toBe(1);
    clone.remove();
  });

  it('--range checks exactly the commits in A..B, tagging each violation with its sha', () => {
    repo.write('web/page.ts', 'one\n');
    const first = repo.commitAll('one');
    repo.write('src/orders/b.ts');
    const second = repo.commitAll('two');
    expect(runJson(repo.path, ['check', '--range', `${first}..${second}`]).code).toBe(0);
    const { code, json } = runJson(repo.path, ['check', '--range', `main..${second}`]);
    expect(code).toBe(1);
    expect(json.violations).toEqual([{ path: 'web/page.ts', reason: 'out-of-scope', commit: first, oldPath: null }]);
  });

  it('reports a rename across scope with both paths', () => {
    repo.git('mv', 'src/orders/a.ts', 'web/a.ts');
    const sha = repo.commitAll('move');
    const { json } = runJson(repo.path, ['check', '--base', 'main']);
    expect(json.violations).toEqual([{ path: 'web/a.ts', reason: 'out-of-scope', commit: sha, oldPath: 'src/orders/a.ts' }]);
  });

  it('works on a detached HEAD with --agent', () => {
    repo.write('web/page.ts', 'x\n');
    repo.commitAll('stray');
    repo.git('checkout', '-q', '--detach');
    expect(run(repo.path, ['check', '--base', 'main']).code).toBe(0); // no identity: a human
    expect(run(repo.path, ['check', '--base', 'main', '--agent', 'orders']).code).toBe(1);
  });

  it('defaults to --base <config base> when no mode is given', () => {
    repo.write('web/page.ts', 'x\n');
    repo.commitAll('stray');
    expect(run(repo.path, ['check']).code).toBe(1);
  });

  it('exits 2 for a bad ref, a malformed range and conflicting modes', () => {
    for (const args of [
      ['check', '--base', 'nope'],
      ['check', '--range', 'main..nope'],
      ['check', '--range', 'main'],
      ['check', '--range', '--output=x..y'],
      ['check', '--staged', '--base', 'main'],
    ]) {
      const result = run(repo.path, args);
      expect([args, result.code]).toEqual([args, 2]);
      expect(result.stderr).toMatch(/^agent-guard/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('prints a refusal of thousands of paths whole and in order, also to a reader that stops early', () => {
    // A long folder name: git's output passes 256 KB, where check keeps V8's young generation small
    const folder = `web/many/${'a-folder-with-a-long-name-'.repeat(4)}`;
    mkdirSync(join(repo.path, folder), { recursive: true });
    const names = Array.from({ length: 3000 }, (_, i) => `${folder}/f${String(i).padStart(4, '0')}.ts`);
    for (const name of names) writeFileSync(join(repo.path, name), 'x\n');
    repo.commitAll('many');
    // ~500 KB through a real pipe: several pieces, more than a pipe holds
    const result = spawnSync(process.execPath, [CLI, 'check', '--base', 'main'], { cwd: repo.path, env: cleanEnv(), encoding: 'utf8' });
    expect(result.status).toBe(1);
    const listed = result.stdout.split('\n').filter((line) => line.startsWith('  out of scope')).map((line) => line.split(/\s{2,}/)[2]);
    expect(listed).toEqual(names);
    expect(result.stdout).toMatch(/Next steps:\n {2}1\. [^\n]+\n( {2}\d\. [^\n]+\n)*$/);
    // `| head -2`: the reader goes away; agent-guard stops writing, with no stack trace, still exit 1
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check --base main | head -2`], { cwd: repo.path, env: cleanEnv(), encoding: 'utf8' });
    expect(piped.stdout.split('\n')[0]).toContain('3000 changes in these commits are not allowed for agent "orders"');
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(1);
  });
});
