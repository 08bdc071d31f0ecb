import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({ shared: ['shared.ts'] }, { files: { 'shared.ts': 'shared.ts\n' }, spawn: ['orders', 'web'] });
});
afterEach(() => repo.remove());

const statusJson = () => {
  const result = run(repo.path, ['status', '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { base: string; agents: Record<string, unknown>[] };
};
const agent = (report: ReturnType<typeof statusJson>, name: string) => report.agents.find((a) => a.name === name)!;

describe('status', () => {
  it('reports each agent in the documented JSON shape', () => {
    const orders = repo.agentPath('orders');
    writeFileSync(join(orders, 'src/orders/b.ts'), 'x\n');
    tryGit(orders, ['add', '-A']);
    tryGit(orders, ['commit', '-m', 'b']);
    tryGit(orders, ['mv', 'src/orders/a.ts', 'src/orders/renamed.ts']);
    writeFileSync(join(orders, 'src/orders/draft.ts'), 'wip\n');
    const report = statusJson();
    expect(report.base).toBe('main');
    expect(agent(report, 'orders')).toEqual({
      name: 'orders',
      branch: 'agent/orders',
      worktree: orders,
      scope: ['src/orders/**'],
      ahead: 1,
      behind: 0,
      changed: ['src/orders/a.ts', 'src/orders/b.ts', 'src/orders/draft.ts', 'src/orders/renamed.ts'],
      violations: [],
      overlaps: [],
      lastActivity: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      missing: false,
      merged: false,
      state: { state: 'working', since: null, message: null },
      corrections: 0,
      ports: null,
      orphan: false,
      after: [],
      refusals: { total: 0, recent: 0, last: null },
      unreadableEvents: 0,
      lastChange: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      flags: [],
    });
    expect(agent(report, 'web')).toMatchObject({ ahead: 0, changed: [], lastActivity: null });
  });

  it('flags an agent that strayed, committed or not, and says what to do', () => {
    const web = repo.agentPath('web');
    writeFileSync(join(web, 'src/orders/a.ts'), 'stolen\n');
    tryGit(web, ['add', '-A']);
    tryGit(web, ['commit', '-q', '--no-verify', '-m', 'sneaky']);
    writeFileSync(join(web, 'README.md'), 'uncommitted stray\n');
    const violations = agent(statusJson(), 'web').violations as { path: string; commit: string | null }[];
    expect(violations.map((v) => [v.path, v.commit === null])).toEqual([
      ['src/orders/a.ts', false],
      ['README.md', true],
    ]);
    const text = run(repo.path, ['status']).stdout;
    expect(text).toContain('Agent "web" strayed outside its scope');
    expect(text).toContain('agent-guard reset web --force');
  });

  it('keeps what never changes (branch logs, commits\' changes) in the git dir: a second look runs no diff-tree, a new commit is seen, a damaged cache is recomputed', () => {
    const web = repo.agentPath('web');
    writeFileSync(join(web, 'web/one.ts'), 'one\n');
    tryGit(web, ['add', '-A']);
    tryGit(web, ['commit', '-q', '-m', 'one']);
    const diffTrees = () => run(repo.path, ['status', '--json'], { AGENT_GUARD_TRACE: '1' }).stderr.split('\n').filter((l) => l.includes('git diff-tree')).length;
    const first = statusJson();
    expect(diffTrees()).toBe(0);
    expect(statusJson()).toEqual(first);
    writeFileSync(join(web, 'web/two.ts'), 'two\n');
    tryGit(web, ['add', '-A']);
    tryGit(web, ['commit', '-q', '-m', 'two']);
    expect(agent(statusJson(), 'web').changed).toEqual(['web/one.ts', 'web/two.ts']);
    const cacheFile = join(repo.path, '.git/agent-guard/status-cache.json');
    writeFileSync(cacheFile, '{"version":1,"logs":{"x":5},"changes":{"abc":[{"bad":1}]}');
    expect(agent(statusJson(), 'web').changed).toEqual(['web/one.ts', 'web/two.ts']);
    writeFileSync(cacheFile, JSON.stringify({ version: 1, logs: {}, changes: Object.fromEntries(Object.entries(JSON.parse(readFileSync(cacheFile, 'utf8')).changes).map(([sha]) => [sha, [{ kind: 'added', path: 'not/real.ts', oldPath: null }]])) }));
    expect(agent(statusJson(), 'web').changed).toEqual(['web/one.ts', 'web/two.ts']); // an entry without its commit is not a change
  });

  it('shows files two agents have both changed', () => {
    for (const name of ['orders', 'web']) writeFileSync(join(repo.agentPath(name), 'shared.ts'), `${name}\n`);
    const report = statusJson();
    expect(agent(report, 'orders').overlaps).toEqual([{ agent: 'web', paths: ['shared.ts'] }]);
    expect(agent(report, 'web').overlaps).toEqual([{ agent: 'orders', paths: ['shared.ts'] }]);
    expect(run(repo.path, ['status']).stdout).toContain('orders and web both changed: shared.ts');
  });

  it('shows a missing worktree instead of failing', () => {
    rmSync(repo.agentPath('web'), { recursive: true, force: true });
    const report = statusJson();
    expect(agent(report, 'web')).toMatchObject({ missing: true, changed: [] });
    expect(run(repo.path, ['status']).stdout).toContain('(MISSING)');
  });

  it('lists agents that left the config as orphans', () => {
    repo.config({ base: 'main', shared: ['shared.ts'], agents: { orders: { scope: ['src/orders/**'] } } });
    expect(agent(statusJson(), 'web')).toMatchObject({ orphan: true });
    expect(run(repo.path, ['status']).stdout).toContain('web (not in config)');
  });
});

describe('plan', () => {
  it('passes disjoint scopes', () => {
    const result = run(repo.path, ['plan']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No overlaps');
  });

  it('lists the tracked files two scopes both claim, grouped by pair, and exits 1', () => {
    repo.config({ base: 'main', agents: { orders: { scope: ['src/**'] }, web: { scope: ['web/**', 'src/orders/a.ts'] }, docs: { scope: ['docs/**'] } } });
    const result = run(repo.path, ['plan', '--json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.overlaps).toEqual([{ agents: ['orders', 'web'], paths: ['src/orders/a.ts'] }]);
    expect(json.unmatched).toEqual(['docs']);
    const text = run(repo.path, ['plan']).stdout;
    expect(text).toContain('"orders" and "web" both claim 1 file');
    expect(text).toContain('warning: the scope of "docs" (docs/**) matches no tracked file');
  });

  it('exits 2 on a bad config', () => {
    repo.write('agent-guard.config.json', '{"agents": {"x": {"scope": ["/abs"]}}}');
    const result = run(repo.path, ['plan']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('agents.x.scope[0]');
  });
});

describe('status alongside agents at work', () => {
  it('--watch redraws every --interval seconds until stopped and marks an agent whose flags changed', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const { cleanEnv } = await import('../helpers/env.js');
    const child = spawn(process.execPath, [CLI, 'status', '--watch', '--interval', '0.5'], { cwd: repo.path, env: cleanEnv() });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const redraws = () => out.match(/agent-guard status \(every 0.5s/g)?.length ?? 0;
    const until = async (done: () => boolean) => {
      for (let waited = 0; !done() && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    };
    await until(() => redraws() >= 1);
    const gitDir = tryGit(repo.agentPath('orders'), ['rev-parse', '--absolute-git-dir']).stdout.trim();
    const line = JSON.stringify({ at: new Date().toISOString(), source: 'guard', kind: 'out-of-scope', paths: ['web/page.ts'] });
    writeFileSync(join(gitDir, 'agent-guard', 'events.jsonl'), `${line}\n${line}\n${line}\n`);
    await until(() => out.includes('* orders'));
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(redraws()).toBeGreaterThanOrEqual(2);
    expect(out).toContain('agent/orders');
    expect(out.slice(out.lastIndexOf('agent-guard status'))).toMatch(/\* orders .*CIRCLING/);
    expect(out).not.toContain('\x07'); // not a terminal: no bell
    const badInterval = run(repo.path, ['status', '--watch', '--interval', '0']);
    expect(badInterval.code).toBe(2);
    expect(badInterval.stderr).toContain('--interval takes the seconds between redraws, from 0.1 to 3600 (got "0")');
  });

  it('never makes an agent\'s commit fail on a lock while it runs', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const { cleanEnv } = await import('../helpers/env.js');
    const orders = repo.agentPath('orders');
    let statusRuns = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        await new Promise((resolve) => spawn(process.execPath, [CLI, 'status', '--json'], { cwd: repo.path, env: cleanEnv(), stdio: 'ignore' }).on('exit', resolve));
        statusRuns++;
      }
    })();
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: orders, env: cleanEnv() });
    for (let n = 0; n < 5; n++) {
      writeFileSync(join(orders, `src/orders/n${n}.ts`), `${n}\n`);
      await git('add', '-A'); // rejects (and fails the test) if the index is locked
      await git('commit', '-q', '-m', `n${n}`);
    }
    stop = true;
    await loop;
    expect(statusRuns).toBeGreaterThan(0);
    expect(tryGit(orders, ['rev-list', '--count', 'main..HEAD']).stdout.trim()).toBe('5');
  });
});
