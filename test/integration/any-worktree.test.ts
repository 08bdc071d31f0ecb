import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
import { copyOfFixture } from '../helpers/fixture.js';
import { discard } from '../helpers/discard.js';
import { makeRepo, repoAt, type TestRepo } from '../helpers/repo.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

let repo: TestRepo;
let dirs: string[];
/** A folder beside the repository for a worktree, removed after the test. */
const beside = (name: string) => {
  const path = `${repo.path}-${name}`;
  dirs.push(path);
  return path;
};

/** A repository set up by `init` and "installed" (node_modules/agent-guard), as a user would. */
function setUp(config: Record<string, unknown> = {}, { node = true } = {}) {
  dirs = [];
  repo = repoAt(copyOfFixture(JSON.stringify(['any-worktree', config, node]), () => buildRepo(config, node)));
}

function buildRepo(config: Record<string, unknown>, node: boolean): string {
  const repo = makeRepo();
  repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } }, ...config });
  repo.write('src/orders/a.ts');
  repo.write('web/page.ts');
  if (node) {
    repo.write('package.json', '{ "name": "shop", "private": true }\n');
    repo.write('.gitignore', 'node_modules\n');
    mkdirSync(join(repo.path, 'node_modules'));
    symlinkSync(packageRoot, join(repo.path, 'node_modules', 'agent-guard'));
  }
  expect(run(repo.path, ['init']).code).toBe(0);
  repo.commitAll('base');
  return repo.path;
}

/** Writes a file in `wt`, stages it and commits; the commit's result. */
function commitIn(wt: string, file: string, message = `change ${file}`) {
  mkdirSync(join(wt, file, '..'), { recursive: true });
  writeFileSync(join(wt, file), `${message}\n`);
  tryGit(wt, ['add', '--', file]);
  const result = tryGit(wt, ['commit', '-m', message]);
  if (result.code !== 0) tryGit(wt, ['reset', '-q', '--', file]);
  return result;
}

/** The repository as before init gave linked worktrees (and, in the main worktree's config.worktree, the main one) its dispatcher. */
function asBeforeInit() {
  repo.git('config', '--unset-all', 'includeIf.gitdir:./worktrees/.path');
  repo.git('config', '--worktree', '--unset', 'core.hooksPath');
}

afterEach(() => {
  repo.remove();
  for (const dir of dirs) discard(dir);
});

describe('worktrees made by other tools', () => {
  describe('in a Node repository', () => {
    beforeEach(() => setUp());

    it('guards a plain `git worktree add` worktree on an agent branch, with no install step in it', () => {
      const wt = beside('orders');
      repo.git('worktree', 'add', '-q', '-b', 'agent/orders', wt);
      const refused = commitIn(wt, 'web/stray.ts');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('web/stray.ts');
      expect(refused.stderr).toContain('agent "orders"');
      expect(commitIn(wt, 'src/orders/b.ts').code).toBe(0);
    });

    it('guards an existing branch checked out later in a --no-checkout worktree', () => {
      repo.git('branch', 'agent/web');
      const wt = beside('web');
      repo.git('worktree', 'add', '-q', '--no-checkout', wt, 'agent/web');
      tryGit(wt, ['reset', '-q', '--hard']);
      expect(commitIn(wt, 'src/orders/stolen.ts').code).not.toBe(0);
      expect(commitIn(wt, 'web/fine.ts').code).toBe(0);
    });

    it('guards a worktree made before init once init (or doctor --fix) has run', () => {
      asBeforeInit();
      const wt = beside('early');
      tryGit(repo.path, ['worktree', 'add', '-q', '-b', 'agent/orders', wt], { HUSKY: '0' }); // no hook runs at all
      expect(commitIn(wt, 'web/unguarded.ts').code).toBe(0); // the hole this closes
      expect(run(repo.path, ['init']).code).toBe(0);
      expect(commitIn(wt, 'web/now-guarded.ts').code).not.toBe(0);
      repo.git('config', '--unset-all', 'includeIf.gitdir:./worktrees/.path');
      expect(run(wt, ['doctor']).stdout).toContain('fix: run `agent-guard doctor --fix`');
      expect(run(wt, ['doctor', '--fix']).stdout).toContain('fixed');
      expect(commitIn(wt, 'web/guarded-again.ts').code).not.toBe(0);
    });

    it('sets a clone up for linked worktrees at its first `git worktree add` (husky installed, init never run there)', () => {
      asBeforeInit();
      const wt = beside('clone');
      expect(tryGit(repo.path, ['config', '--get', 'core.hooksPath']).stdout.trim()).toBe('.husky/_');
      repo.git('worktree', 'add', '-q', '-b', 'agent/orders', wt); // husky's post-checkout runs agent-guard's block
      expect(commitIn(wt, 'web/stray.ts').code).not.toBe(0);
      // ...which gave the main worktree the dispatcher too, in its own config; a value someone set there stays
      expect(tryGit(repo.path, ['config', '--get', 'core.hooksPath']).stdout.trim()).toMatch(/\/\.git\/agent-guard\/linked-hooks$/);
      repo.git('config', '--worktree', 'core.hooksPath', '.githooks');
      expect(run(repo.path, ['init']).code).toBe(0);
      expect(tryGit(repo.path, ['config', '--get', 'core.hooksPath']).stdout.trim()).toBe('.githooks');
    });

    it('starts no node and prints nothing on an ordinary checkout or switch', () => {
      const bin = mkdtempSync(join(tmpdir(), 'ag-bin-'));
      dirs.push(bin);
      const marker = join(bin, 'node-started');
      writeFileSync(join(bin, 'node'), `#!/bin/sh\ntouch '${marker}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
      const env = { PATH: `${bin}:${process.env.PATH}` };
      const checkout = tryGit(repo.path, ['checkout', '-b', 'feature/y'], env);
      const back = tryGit(repo.path, ['switch', 'main'], env);
      expect([checkout.code, back.code]).toEqual([0, 0]);
      expect(checkout.stderr + back.stderr).not.toContain('agent-guard');
      expect(existsSync(marker)).toBe(false);
      const wt = beside('shim-check');
      tryGit(repo.path, ['worktree', 'add', '-q', '-b', 'agent/orders', wt], env); // include in place: still no node
      expect(existsSync(marker)).toBe(false);
    });

    it('stops a --no-verify commit at push from a plain worktree', () => {
      const remote = mkdtempSync(join(tmpdir(), 'ag-remote-'));
      dirs.push(remote);
      repo.git('init', '-q', '--bare', remote);
      repo.git('remote', 'add', 'origin', remote);
      repo.git('push', '-q', 'origin', 'main');
      const wt = beside('push');
      repo.git('worktree', 'add', '-q', '-b', 'agent/orders', wt);
      writeFileSync(join(wt, 'web/page.ts'), 'sneaky\n');
      tryGit(wt, ['commit', '-q', '-a', '--no-verify', '-m', 'sneaky']);
      const push = tryGit(wt, ['push', 'origin', 'agent/orders']);
      expect(push.code).not.toBe(0);
      expect(push.stderr).toContain('web/page.ts');
    });

    it("lets a human's worktree commit anything and lists it in status as unguarded", () => {
      const wt = beside('human');
      repo.git('worktree', 'add', '-q', '-b', 'feature/x', wt);
      expect(commitIn(wt, 'web/human.ts').code).toBe(0);
      writeFileSync(join(wt, 'src/orders/a.ts'), 'edited\n');
      const status = run(repo.path, ['status', '--json']);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout).unguarded).toEqual([{ path: wt, branch: 'feature/x', changed: ['src/orders/a.ts', 'web/human.ts'] }]);
      const text = run(repo.path, ['status']).stdout;
      expect(text).toContain('Unguarded worktrees');
      expect(text).toContain('agent-guard adopt NAME PATH');
    });

    it('runs the project\'s own .husky hook lines in a linked worktree, after agent-guard', () => {
      writeFileSync(join(repo.path, '.husky/pre-commit'), `${tryGit(repo.path, ['show', 'HEAD:.husky/pre-commit']).stdout}echo project-hook-ran\n`);
      repo.commitAll('project hook line');
      const wt = beside('chain');
      repo.git('worktree', 'add', '-q', '-b', 'agent/orders', wt);
      const result = commitIn(wt, 'src/orders/c.ts');
      expect(result.code).toBe(0);
      expect(result.output).toContain('project-hook-ran');
    });
  });

  it('guards a `claude --worktree` branch (worktree-NAME) once `branches` names it', () => {
    setUp({ branches: ['agent/{name}', 'worktree-{name}'] });
    const wt = join(repo.path, '.claude', 'worktrees', 'orders');
    repo.git('worktree', 'add', '-q', '-b', 'worktree-orders', wt);
    expect(commitIn(wt, 'web/stray.ts').code).not.toBe(0);
    expect(commitIn(wt, 'src/orders/b.ts').code).toBe(0);
    const undeclared = beside('ghost');
    repo.git('worktree', 'add', '-q', '-b', 'worktree-ghost', undeclared);
    const unknown = commitIn(undeclared, 'web/x.ts');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown agent "ghost"');
  });

  it('guards a plain worktree in a repository without package.json', () => {
    setUp({}, { node: false });
    const wt = beside('orders');
    repo.git('worktree', 'add', '-q', '-b', 'agent/orders', wt);
    expect(commitIn(wt, 'web/stray.ts').code).not.toBe(0);
    expect(commitIn(wt, 'src/orders/b.ts').code).toBe(0);
  });
});

describe('adopt', () => {
  beforeEach(() => setUp());

  it("registers a runner's worktree as an agent; reset and remove then keep every commit", () => {
    const wt = beside('runner');
    repo.git('worktree', 'add', '-q', '-b', 'cs/task-17', wt);
    expect(commitIn(wt, 'web/before-adopt.ts').code).toBe(0); // no identity yet
    const adopted = run(repo.path, ['adopt', 'orders', wt]);
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(`Adopted ${wt} (branch cs/task-17) as agent "orders"`);
    expect(commitIn(wt, 'web/after-adopt.ts').code).not.toBe(0);
    expect(commitIn(wt, 'src/orders/work.ts').code).toBe(0);
    const tip = tryGit(wt, ['rev-parse', 'HEAD']).stdout.trim();

    const status = JSON.parse(run(repo.path, ['status', '--json']).stdout);
    expect(status.agents.find((a: { name: string }) => a.name === 'orders')).toMatchObject({ branch: 'cs/task-17', worktree: wt, ahead: 2 });
    expect(status.unguarded).toEqual([]);

    const reset = run(repo.path, ['reset', 'orders', '--force']);
    expect(reset.code).toBe(0);
    const backups = tryGit(repo.path, ['for-each-ref', '--format=%(objectname)', 'refs/agent-guard/backup/orders/']).stdout;
    expect(backups).toContain(tip);
    expect(run(repo.path, ['remove', 'orders', '--force']).code).toBe(0);
    expect(tryGit(repo.path, ['for-each-ref', '--format=%(objectname)', 'refs/agent-guard/backup/orders/']).stdout).toContain(tip);
  });

  it('adopts the current directory and writes the scope with --scope', () => {
    const wt = beside('docs');
    repo.git('worktree', 'add', '-q', '-b', 'docs-work', wt);
    const result = run(wt, ['adopt', 'docs', '--scope', 'docs/**', '--task', 'Write the docs']);
    expect(result.code).toBe(0);
    expect(commitIn(wt, 'docs/guide.md').code).toBe(0);
    expect(commitIn(wt, 'web/x.ts').code).not.toBe(0);
  });

  it('refuses an overlap with a live agent like spawn does, and changes nothing', () => {
    expect(run(repo.path, ['spawn', 'web']).code).toBe(0);
    dirs.push(`${repo.path}.agents`);
    const wt = beside('second');
    repo.git('worktree', 'add', '-q', '-b', 'second', wt);
    const result = run(repo.path, ['adopt', 'web2', wt, '--scope', 'web/**']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('with "web": web/page.ts');
    expect(existsSync(tryGit(wt, ['rev-parse', '--path-format=absolute', '--git-path', 'agent-guard/manifest.json']).stdout.trim())).toBe(false);
    expect(run(repo.path, ['status', '--json']).stdout).toContain('"unguarded":[{');
  });

  it('exits 2 with one line, writing nothing, for bad paths and names', () => {
    const other = makeRepo();
    dirs.push(other.path);
    other.commitAll('other');
    const bare = mkdtempSync(join(tmpdir(), 'ag-bare-'));
    dirs.push(bare);
    tryGit(bare, ['init', '-q', '--bare']);
    const web = beside('taken');
    repo.git('worktree', 'add', '-q', '-b', 'agent/web', web);
    const cases: [string[], string][] = [
      [['adopt', 'orders', join(repo.path, 'nope')], 'does not exist'],
      [['adopt', 'orders', bare], 'is not a git worktree'],
      [['adopt', 'orders', other.path], 'is a worktree of another repository'],
      [['adopt', 'orders', repo.path], 'that is the main worktree'],
      [['adopt', 'web', beside('x')], 'does not exist'],
      [['adopt', 'bad name', web], 'is not a valid agent name'],
      [['adopt', 'ghost', web], 'is not in agent-guard.config.json'],
    ];
    const configBefore = tryGit(repo.path, ['status', '--porcelain']).stdout;
    for (const [args, message] of cases) {
      const result = run(repo.path, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const second = beside('second');
    repo.git('worktree', 'add', '-q', '-b', 'other-web', second);
    const taken = run(repo.path, ['adopt', 'web', second]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`agent "web" is already at work in ${web}`);
    expect(tryGit(repo.path, ['status', '--porcelain']).stdout).toBe(configBefore);
  });
});

describe('several agents in one checkout (AGENT_GUARD_AGENT per process)', () => {
  beforeEach(() => setUp());

  it("refuses the commit of one agent's `git add -A` that staged the other's file, and commits its own", () => {
    const orders = { AGENT_GUARD_AGENT: 'orders' };
    writeFileSync(join(repo.path, 'src/orders/a.ts'), 'orders work\n');
    writeFileSync(join(repo.path, 'web/page.ts'), 'web work\n');
    tryGit(repo.path, ['add', '-A'], orders);
    const refused = tryGit(repo.path, ['commit', '-m', 'orders: all'], orders);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('web/page.ts');
    tryGit(repo.path, ['reset', '-q'], orders);
    tryGit(repo.path, ['add', 'src/orders/a.ts'], orders);
    expect(tryGit(repo.path, ['commit', '-m', 'orders: own'], orders).code).toBe(0);
    tryGit(repo.path, ['add', 'web/page.ts'], { AGENT_GUARD_AGENT: 'web' });
    expect(tryGit(repo.path, ['commit', '-m', 'web: own'], { AGENT_GUARD_AGENT: 'web' }).code).toBe(0);
  });
});
