import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { discard } from '../helpers/discard.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  repo.write('web/a.ts');
  repo.write('api/a.ts');
});
afterEach(() => {
  repo.remove();
  discard(`${repo.path}.agents`);
});

const agents = { web: { scope: ['web/**'] }, api: { scope: ['api/**'] } };
const configure = (setup: unknown) => repo.config({ base: 'main', ports: 2, agents, setup });
/** .env (through .worktreeinclude) and node_modules (through setup.copy) named for copying, init run and committed. */
function initCopying(): void {
  repo.write('.gitignore', '.env\nnode_modules/\n');
  repo.write('.worktreeinclude', '.env\n');
  configure({ copy: ['node_modules/**'] });
  repo.commitAll('base');
  expect(run(repo.path, ['init']).code).toBe(0);
  repo.commitAll('init');
}
const statusOf = (name: string) => (JSON.parse(run(repo.path, ['status', '--json']).stdout).agents as { name: string; flags: string[] }[]).find((a) => a.name === name)!;

describe('setup: a worktree ready to work', () => {
  it('runs the setup commands in order with the agent\'s environment; a failure is exit 1 naming the command and its log, SETUP-FAILED until agent-guard setup passes', () => {
    configure({ run: ['echo "$AGENT_GUARD_AGENT $PORT" > ready.txt', 'echo broken >&2; exit 3', 'touch never.txt'] });
    repo.commitAll('base');
    expect(run(repo.path, ['init']).code).toBe(0);
    repo.commitAll('init');
    const spawned = run(repo.path, ['spawn', 'web']);
    expect(spawned.code).toBe(1);
    expect(spawned.stdout).toContain('> setup: echo broken >&2; exit 3');
    const said = spawned.stdout + spawned.stderr;
    expect(said).toContain('agent-guard: setup "echo broken >&2; exit 3" failed (exit 3); its output is in ');
    expect(said).toContain('agent-guard setup web');
    const wt = `${repo.path}.agents/web`;
    expect(readFileSync(join(wt, 'ready.txt'), 'utf8')).toBe('web 20000\n');
    expect(existsSync(join(wt, 'never.txt'))).toBe(false);
    const log = /its output is in (\S+setup\.log)/.exec(said)![1]!;
    expect(readFileSync(log, 'utf8')).toContain('broken\nagent-guard: exit 3');
    expect(statusOf('web').flags).toContain('SETUP-FAILED');
    expect(run(repo.path, ['status']).stdout).toContain('agent-guard setup web runs it again');

    configure({ run: ['echo "$AGENT_GUARD_AGENT $PORT" > ready.txt'] });
    const again = run(repo.path, ['setup', 'web']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Setup of agent "web" passed.');
    expect(statusOf('web').flags).not.toContain('SETUP-FAILED');
  });

  it('skips setup with --no-setup, stops a command that outlives the timeout, and runs teardown before remove deletes the worktree', () => {
    const marker = join(repo.path, '.git', 'teardown-ran');
    configure({ run: ['sleep 30'], timeout: '1s', teardown: [`echo "$AGENT_GUARD_AGENT" > '${marker}'`, 'exit 4'] });
    repo.commitAll('base');
    expect(run(repo.path, ['init']).code).toBe(0);
    repo.commitAll('init');
    expect(run(repo.path, ['spawn', 'api', '--no-setup']).code).toBe(0);
    expect(statusOf('api').flags).not.toContain('SETUP-FAILED');
    const started = Date.now();
    const timed = run(repo.path, ['spawn', 'web']);
    expect(timed.code).toBe(1);
    expect(timed.stdout + timed.stderr).toContain('agent-guard: setup "sleep 30" did not finish within 1s and was stopped');
    expect(Date.now() - started).toBeLessThan(20_000);
    const removed = run(repo.path, ['remove', 'web', '--force']);
    expect(removed.code).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('web\n');
    expect(removed.stdout).toContain('warning: teardown "exit 4" failed (exit 4); the worktree is removed anyway');
    expect(existsSync(`${repo.path}.agents/web`)).toBe(false);
  });

  it('refuses a setup of the wrong form, naming the key', () => {
    configure({ run: 'npm ci' });
    const result = run(repo.path, ['plan']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('setup.run: must be an array');
  });
});

describe('ignored files copied into a new worktree', () => {
  it('copies what .worktreeinclude and setup.copy name — same bytes, not links, still ignored — into spawned and adopted worktrees', async () => {
    const { lstatSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tryGit } = await import('../helpers/hooks.js');
    initCopying();
    writeFileSync(join(repo.path, '.env'), 'SECRET=1\n');
    mkdirSync(join(repo.path, 'node_modules', 'left-pad', 'lib'), { recursive: true });
    writeFileSync(join(repo.path, 'node_modules', 'left-pad', 'lib', 'index.js'), 'module.exports = 1;\n');
    writeFileSync(join(repo.path, 'node_modules', 'left-pad', 'package.json'), '{"name":"left-pad"}\n');
    const spawned = run(repo.path, ['spawn', 'web']);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toContain('copied .env (.worktreeinclude)');
    expect(spawned.stdout).toContain('copied node_modules/left-pad/lib/index.js (setup.copy)');
    const wt = `${repo.path}.agents/web`;
    expect(readFileSync(join(wt, 'node_modules', 'left-pad', 'lib', 'index.js'), 'utf8')).toBe('module.exports = 1;\n');
    expect(lstatSync(join(wt, 'node_modules')).isSymbolicLink()).toBe(false);
    expect(lstatSync(join(wt, 'node_modules', 'left-pad', 'lib', 'index.js')).isFile()).toBe(true);
    expect(tryGit(wt, ['status', '--porcelain']).stdout).toBe(''); // ignored: never staged
    // a worktree made by another tool keeps its own .env when adopted
    const other = `${repo.path}.agents/api`;
    tryGit(repo.path, ['worktree', 'add', '-q', '-b', 'agent/api', other]);
    writeFileSync(join(other, '.env'), 'MINE=1\n');
    const adopted = run(repo.path, ['adopt', 'api', other]);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(readFileSync(join(other, '.env'), 'utf8')).toBe('MINE=1\n');
    expect(readFileSync(join(other, 'node_modules', 'left-pad', 'package.json'), 'utf8')).toBe('{"name":"left-pad"}\n');
  });
});

describe('a plain git worktree add', () => {
  it('gets the ignored files too, from the post-checkout hook every linked worktree runs', async () => {
    const { mkdirSync, writeFileSync, lstatSync } = await import('node:fs');
    const { tryGit } = await import('../helpers/hooks.js');
    initCopying();
    writeFileSync(join(repo.path, '.env'), 'SECRET=2\n');
    mkdirSync(join(repo.path, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(repo.path, 'node_modules', 'dep', 'index.js'), 'x\n');
    const wt = `${repo.path}.agents/plain`;
    const added = tryGit(repo.path, ['worktree', 'add', '-q', '-b', 'side', wt]);
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain('copied .env (.worktreeinclude)');
    expect(readFileSync(join(wt, '.env'), 'utf8')).toBe('SECRET=2\n');
    expect(lstatSync(join(wt, 'node_modules', 'dep', 'index.js')).isFile()).toBe(true);
    // spawn copies once, itself
    const spawned = run(repo.path, ['spawn', 'web']);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout + spawned.stderr).not.toContain('is a new worktree');
    expect(spawned.stdout).toContain('copied .env (.worktreeinclude)');
  });
});
