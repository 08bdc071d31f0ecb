import { spawn as startProcess, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, run } from '../helpers/cli.js';
import { discard } from '../helpers/discard.js';
import { cleanEnv } from '../helpers/env.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  for (const name of ['orders', 'web', 'api', 'docs']) repo.write(`${name}/a.ts`);
});
afterEach(() => {
  repo.remove();
  discard(`${repo.path}.agents`);
});

const agents = { orders: { scope: ['orders/**'] }, web: { scope: ['web/**'], ports: 3 }, api: { scope: ['api/**'] }, docs: { scope: ['docs/**'] } };
const setUp = (extra: Record<string, unknown> = {}) => {
  repo.config({ base: 'main', ports: 10, agents, ...extra });
  repo.commitAll('base');
  expect(run(repo.path, ['init']).code).toBe(0);
  repo.commitAll('init');
};
const envOf = (name: string) => JSON.parse(run(repo.path, ['env', name, '--json']).stdout) as { ports: { from: number; size: number }; env: Record<string, string> };

describe('ports and names per agent', () => {
  it('gives each live agent a block no other holds, in its environment, its Claude Code settings and its instructions; a removed agent frees its block', () => {
    setUp();
    expect(run(repo.path, ['spawn', 'orders']).stdout).toContain('Ports 20000-20009 are agent "orders"\'s (PORT=20000)');
    expect(run(repo.path, ['spawn', 'web']).code).toBe(0);
    expect(envOf('orders').ports).toEqual({ from: 20000, size: 10 });
    expect(envOf('web').ports).toEqual({ from: 20010, size: 3 });
    const web = envOf('web').env;
    expect(web).toMatchObject({ AGENT_GUARD_AGENT: 'web', AGENT_GUARD_PORT: '20010', PORT: '20010', AGENT_GUARD_PORTS: '20010,20011,20012' });
    expect(web.COMPOSE_PROJECT_NAME).toMatch(/^ag-repo-[a-z0-9_-]+-web$/);
    const wt = `${repo.path}.agents/web`;
    expect(JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8')).env).toMatchObject({ PORT: '20010', AGENT_GUARD_PORTS: '20010,20011,20012' });
    expect(readFileSync(join(wt, '.agent-guard', 'scope.md'), 'utf8')).toContain('Your dev server port is 20010; ports 20010-20012 are yours alone.');
    const sourced = spawnSync('sh', ['-c', '. .agent-guard/env && echo "$PORT $COMPOSE_PROJECT_NAME"'], { cwd: wt, encoding: 'utf8' });
    expect(sourced.stdout.trim()).toBe(`20010 ${web.COMPOSE_PROJECT_NAME}`);
    // in the worktree, without a name
    expect(run(wt, ['env']).stdout).toContain("export PORT='20010'");
    // a re-spawn keeps the block; a removed agent frees it for the next
    expect(run(repo.path, ['spawn', 'orders']).code).toBe(0);
    expect(envOf('orders').ports.from).toBe(20000);
    expect(run(repo.path, ['remove', 'orders', '--force']).code).toBe(0);
    expect(run(repo.path, ['spawn', 'api']).code).toBe(0);
    expect(envOf('api').ports).toEqual({ from: 20000, size: 10 });
  });

  it('gives three spawns at once three blocks', async () => {
    setUp();
    const start = (name: string) =>
      new Promise<number>((resolve) => startProcess(process.execPath, [CLI, 'spawn', name], { cwd: repo.path, env: cleanEnv(), stdio: 'ignore' }).on('close', (code) => resolve(code ?? -1)));
    expect(await Promise.all(['orders', 'api', 'docs'].map(start))).toEqual([0, 0, 0]);
    const froms = ['orders', 'api', 'docs'].map((n) => envOf(n).ports.from).sort();
    expect(froms).toEqual([20000, 20010, 20020]);
  });

  it('refuses a spawn when the range has no room (exit 2, the range and who holds it), and bad port settings', () => {
    setUp({ portRange: '20000-20012' });
    expect(run(repo.path, ['spawn', 'orders']).code).toBe(0);
    const full = run(repo.path, ['spawn', 'api']);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain('no block of 10 ports is free in 20000-20012 for agent "api" (held: orders 20000-20009)');
    expect(spawnSync('git', ['worktree', 'list'], { cwd: repo.path, encoding: 'utf8' }).stdout).not.toContain('api'); // nothing was made
    expect(run(repo.path, ['spawn', 'web']).code).toBe(0); // 3 ports fit
    repo.config({ base: 'main', ports: 0, portRange: '9-3', agents });
    const bad = run(repo.path, ['plan']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ports: must be at least 1');
    repo.config({ base: 'main', ports: 2.5, agents });
    expect(run(repo.path, ['plan']).stderr).toContain('ports: must be an integer');
  });
});

describe('ports across clones (claims on, through a real git server)', () => {
  it('keeps the blocks of two clones\' agents apart: each claim on the shared remote carries its block', async () => {
    const { makeClaimsRemote } = await import('../helpers/claims-remote.js');
    const { tryGit } = await import('../helpers/hooks.js');
    const claims = makeClaimsRemote(['a', 'b']);
    // git daemon on 127.0.0.1, as the clones of two machines reach a shared remote
    const port = 40_000 + Math.floor(Math.random() * 20_000);
    const daemon = startProcess('git', ['daemon', '--reuseaddr', `--base-path=${claims.dir}`, '--export-all', '--enable=receive-pack', '--listen=127.0.0.1', `--port=${port}`, claims.dir], { env: cleanEnv(), stdio: 'ignore' });
    try {
      const url = `git://127.0.0.1:${port}/remote.git`;
      for (let waited = 0; tryGit(claims.dir, ['ls-remote', url]).code !== 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const withPorts = (clone: TestRepo) => clone.config({ base: 'main', claims: { remote: 'origin', ttl: '7d' }, ports: 5, agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } } });
      const a = claims.clone('a');
      const b = claims.clone('b');
      withPorts(a);
      withPorts(b);
      for (const clone of [a, b]) clone.git('remote', 'set-url', 'origin', url);
      const first = run(a.path, ['spawn', 'orders']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('Claimed src/orders/**, ports 20000-20004 for "orders"');
      const second = run(b.path, ['spawn', 'web']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('ports 20005-20009 for "web"');
      expect(JSON.parse(run(b.path, ['env', 'web', '--json']).stdout).ports).toEqual({ from: 20005, size: 5 });
      const claim = JSON.parse(spawnSync('git', ['show', 'refs/agent-guard/claims:web.json'], { cwd: claims.remote, encoding: 'utf8' }).stdout);
      expect(claim.ports).toEqual({ from: 20005, size: 5 });
    } finally {
      daemon.kill();
      claims.remove();
    }
  }, 60_000);
});
