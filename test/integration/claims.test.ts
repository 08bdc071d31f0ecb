import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, run } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { tryGit } from '../helpers/hooks.js';
import { makeClaimsRemote, type ClaimsRemote } from '../helpers/claims-remote.js';
import type { TestRepo } from '../helpers/repo.js';

// Clones of one bare remote, each a real repository with its own identity: the remote's
// refs/agent-guard/claims is the table they all share.
let claims: ClaimsRemote;
let dir: string;
let remote: string;
beforeEach(() => {
  claims = makeClaimsRemote(['a', 'b']);
  ({ dir, remote } = claims);
});
afterEach(() => claims.remove());

const clone = (name: string) => claims.clone(name);
const remoteClaimFiles = () => claims.claimFiles();
const claimsIn = (repo: TestRepo) => JSON.parse(run(repo.path, ['claims', '--json']).stdout).claims as { agent: string; user: string; stale: boolean }[];

describe('scope claims on the shared remote', () => {
  it('refuses an overlapping spawn in another clone, allows a disjoint one, and frees the scope on remove and merge', () => {
    const a = clone('a');
    const b = clone('b');
    // The project's own pre-push hook (its tests, say) is not run for agent-guard's push of the table.
    writeFileSync(join(a.path, '.git/hooks/pre-push'), '#!/bin/sh\necho "pre-push ran" >&2\nexit 1\n', { mode: 0o755 });
    expect(run(a.path, ['spawn', 'orders']).stdout).toContain('Claimed src/orders/** for "orders" on "origin"');
    expect(run(a.path, ['spawn', 'orders']).code).toBe(0); // a re-spawn from the same clone updates its own claim
    expect(remoteClaimFiles()).toEqual(['orders.json']);
    const refused = run(b.path, ['spawn', 'billing', '--scope', 'src/**']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('with "orders" (a@example.com on');
    expect(refused.stdout).toContain('branch agent/orders, since 20');
    expect(existsSync(join(`${b.path}.agents`, 'billing'))).toBe(false);
    expect(run(b.path, ['spawn', 'web']).code).toBe(0);
    expect(claimsIn(b).map((c) => c.agent).sort()).toEqual(['orders', 'web']);
    // status and plan show the other clone's claim (as last fetched), marked with its host
    const status = JSON.parse(run(b.path, ['status', '--json']).stdout);
    expect(status.claims).toEqual([expect.objectContaining({ agent: 'orders', user: 'a@example.com', branch: 'agent/orders' })]);
    b.config({ base: 'main', claims: { remote: 'origin', ttl: '7d' }, agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] }, billing: { scope: ['src/**'] } } });
    expect(run(b.path, ['plan']).stdout).toContain('"billing" shares 1 file with "orders", claimed by another clone (a@example.com on');
    b.git('checkout', '-q', '--', '.');
    expect(run(b.path, ['spawn', 'billing', '--scope', 'src/**', '--allow-overlap']).code).toBe(0);
    expect(run(b.path, ['remove', 'billing', '--force']).stdout).toContain('Released the claim of "billing"');

    expect(run(a.path, ['remove', 'orders', '--force']).stdout).toContain('Released the claim of "orders"');
    b.git('checkout', '-q', '--', '.');
    expect(run(b.path, ['spawn', 'billing', '--scope', 'src/**']).code).toBe(0);

    // merge releases after the merge landed
    const wt = join(`${b.path}.agents`, 'web');
    tryGit(wt, ['commit', '-q', '--allow-empty', '-m', 'web work']);
    b.git('checkout', '-q', '--', '.');
    expect(run(b.path, ['merge', 'web']).stdout).toContain('Released the claim of "web"');
    expect(remoteClaimFiles()).toEqual(['billing.json']);
    a.remove();
    b.remove();
  });

  it("lists the table, releases only one's own claim without --force, and prunes stale claims", () => {
    const a = clone('a');
    const b = clone('b');
    expect(run(a.path, ['spawn', 'orders']).code).toBe(0);
    expect(claimsIn(b)).toEqual([expect.objectContaining({ agent: 'orders', user: 'a@example.com', stale: false, branch: 'agent/orders', scope: ['src/orders/**'] })]);
    const notMine = run(b.path, ['claims', 'release', 'orders']);
    expect(notMine.code).toBe(2);
    expect(notMine.stderr).toContain('belongs to a@example.com');
    expect(run(b.path, ['claims', 'release', 'orders', '--force']).code).toBe(0);
    expect(remoteClaimFiles()).toEqual([]);

    // A claim whose branch never reached the remote is stale after the ttl (made 2 minutes ago here).
    for (const repo of [a, b]) {
      const config = JSON.parse(tryGit(repo.path, ['show', 'HEAD:agent-guard.config.json']).stdout);
      repo.config({ ...config, claims: { remote: 'origin', ttl: '1m' } });
    }
    expect(run(a.path, ['spawn', 'web']).code).toBe(0);
    claims.backdateClaim('web', 2 * 60_000);
    expect(claimsIn(b)).toEqual([expect.objectContaining({ agent: 'web', stale: true })]);
    expect(run(b.path, ['spawn', 'web2', '--scope', 'web/**']).code).toBe(0); // a stale claim never blocks
    expect(run(b.path, ['claims', 'prune']).stdout).toContain('Removed stale claims: web');
    a.remove();
    b.remove();
  });

  it('exits 2 with one line and creates nothing when the remote cannot be reached; --offline spawns without a claim', () => {
    const a = clone('a');
    a.git('remote', 'set-url', 'origin', join(dir, 'gone.git'));
    const offline = run(a.path, ['spawn', 'orders']);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain('the claims remote "origin" cannot be reached');
    expect(offline.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(`${a.path}.agents`, 'orders'))).toBe(false);
    const noRemote = run(a.path, ['init', '--claims', 'upstream']);
    expect(noRemote.code).toBe(2);
    expect(noRemote.stderr).toContain('there is no git remote "upstream" here');
    const forced = run(a.path, ['spawn', 'orders', '--offline']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('without a claim (--offline)');
    a.remove();
  });

  it('exits 2 when the remote refuses the update (a server hook), creates nothing and keeps the table as last fetched', () => {
    const a = clone('a');
    expect(run(a.path, ['spawn', 'orders']).code).toBe(0);
    const tracking = () => a.git('rev-parse', 'refs/agent-guard/claims-remote/origin').trim();
    const before = tracking();
    writeFileSync(join(remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "claims are frozen" >&2\nexit 1\n', { mode: 0o755 });
    const refused = run(a.path, ['spawn', 'web']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the claims remote "origin" refused the update');
    expect(refused.stderr).toContain('claims are frozen');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(`${a.path}.agents`, 'web'))).toBe(false);
    expect(tracking()).toBe(before);
    expect(remoteClaimFiles()).toEqual(['orders.json']);
    a.remove();
  });

  it('waits while another agent-guard of the same clone holds the tracking ref, then claims', async () => {
    const a = clone('a');
    const b = clone('b');
    expect(run(a.path, ['spawn', 'orders']).code).toBe(0);
    expect(run(b.path, ['spawn', 'web']).code).toBe(0); // the remote table moved on: a's fetch must update its tracking ref
    const lock = join(a.path, '.git', 'refs', 'agent-guard', 'claims-remote', 'origin.lock');
    writeFileSync(lock, '');
    const child = spawn(process.execPath, [CLI, 'spawn', 'billing', '--scope', 'src/billing/**'], { cwd: a.path, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    setTimeout(() => rmSync(lock, { force: true }), 600);
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    expect([code, stderr]).toEqual([0, '']);
    expect(remoteClaimFiles()).toEqual(['billing.json', 'orders.json', 'web.json']);
    a.remove();
    b.remove();
  });

  it("refuses a claims ref that is not agent-guard's, naming the ref and the entry, and never overwrites it", () => {
    const a = clone('a');
    const inRemote = (args: string[], input?: string) => execFileSync('git', args, { cwd: remote, env: cleanEnv(), encoding: 'utf8', input }).trim();
    const blob = inRemote(['hash-object', '-w', '--stdin'], 'this is not json\n');
    const tree = inRemote(['mktree'], `100644 blob ${blob}\torders.json\n`);
    const commit = inRemote(['-c', 'user.name=Someone', '-c', 'user.email=someone@example.com', 'commit-tree', tree, '-m', 'not agent-guard'], '');
    inRemote(['update-ref', 'refs/agent-guard/claims', commit]);
    for (const args of [['claims'], ['spawn', 'web']]) {
      const result = run(a.path, args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("refs/agent-guard/claims on \"origin\" is not agent-guard's claims table: orders.json is not valid JSON");
    }
    expect(inRemote(['rev-parse', 'refs/agent-guard/claims'])).toBe(commit);
    a.remove();
  });
});

describe('through a real git server (git daemon on 127.0.0.1)', () => {
  it('claims and refuses across clones that push over the git protocol', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const daemon = spawn('git', ['daemon', '--reuseaddr', `--base-path=${dir}`, '--export-all', '--enable=receive-pack', '--listen=127.0.0.1', `--port=${port}`, dir], { env: cleanEnv(), stdio: 'ignore' });
    try {
      const url = `git://127.0.0.1:${port}/remote.git`;
      for (let waited = 0; tryGit(dir, ['ls-remote', url]).code !== 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const a = clone('a');
      const b = clone('b');
      for (const repo of [a, b]) repo.git('remote', 'set-url', 'origin', url);
      expect(run(a.path, ['spawn', 'orders']).code).toBe(0);
      expect(run(b.path, ['spawn', 'billing', '--scope', 'src/**']).code).toBe(1);
      expect(run(b.path, ['spawn', 'web']).code).toBe(0);
      expect(remoteClaimFiles()).toEqual(['orders.json', 'web.json']);
    } finally {
      daemon.kill();
    }
  }, 60_000);
});

