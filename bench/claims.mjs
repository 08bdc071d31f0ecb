// Scope claims on a local bare remote: one claim round trip against the floor of one fetch and one
// push of that ref, and 50 clones claiming disjoint scopes at the same moment (all must land).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, note, report } from './lib.mjs';

const claimOnce = new URL('./claim-once.mjs', import.meta.url).pathname;

export async function benchClaims({ rounds = 7, clones = Number(process.env.BENCH_CLONES ?? 50) } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ag-bench-claims-'));
  const remote = join(dir, 'remote.git');
  git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
  const seed = join(dir, 'seed');
  git(dir, 'init', '-q', '-b', 'main', seed);
  writeFileSync(join(seed, 'agent-guard.config.json'), JSON.stringify({ base: 'main', claims: { remote: 'origin' }, agents: {} }));
  for (let i = 0; i < clones; i++) execFileSync('mkdir', ['-p', join(seed, `pkg${i}`)]) && writeFileSync(join(seed, `pkg${i}`, 'a.ts'), '1\n');
  git(seed, 'add', '-A');
  git(seed, '-c', 'user.name=b', '-c', 'user.email=b@x', 'commit', '-q', '-m', 'base');
  git(seed, 'remote', 'add', 'origin', remote);
  git(seed, 'push', '-q', 'origin', 'main');
  const cloneAt = (name) => {
    const path = join(dir, name);
    git(dir, 'clone', '-q', remote, path);
    git(path, 'config', 'user.email', `${name}@example.com`);
    return path;
  };

  // Round trip: claim and release in one clone, interleaved with the floor (a fetch and a push of the ref).
  const one = cloneAt('one');
  const claims = [];
  const floors = [];
  for (let r = 0; r < rounds; r++) {
    const out = JSON.parse(execFileSync(process.execPath, [claimOnce, `round${r}`, `roundtrip${r}/**`], { cwd: one, encoding: "utf8" }));
    claims.push(out.ms);
    const start = process.hrtime.bigint();
    spawnSync('git', ['fetch', '-q', 'origin', '+refs/agent-guard/claims:refs/agent-guard/bench'], { cwd: one });
    spawnSync('git', ['push', '-q', 'origin', '+refs/agent-guard/bench:refs/agent-guard/bench-floor'], { cwd: one });
    floors.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const claim = median(claims);
  const floor = median(floors);

  // Contention: every clone claims its own folder at once.
  const paths = Array.from({ length: clones }, (_, i) => cloneAt(`c${i}`));
  const start = process.hrtime.bigint();
  const results = await Promise.all(
    paths.map(
      (path, i) =>
        new Promise((resolve) => {
          let out = '';
          let err = '';
          const child = spawn(process.execPath, [claimOnce, `agent${i}`, `pkg${i}/**`], { cwd: path });
          child.stdout.on('data', (c) => (out += c));
          child.stderr.on('data', (c) => (err += c));
          child.on('exit', () => resolve(out ? JSON.parse(out) : { exitCode: -1, retries: 0, error: err.trim().split('\n').slice(-3).join(' ') }));
        }),
    ),
  );
  const total = Number(process.hrtime.bigint() - start) / 1e6;
  const landed = git(remote, 'ls-tree', '--name-only', 'refs/agent-guard/claims').split('\n').filter((n) => n.startsWith('agent')).length;
  const retries = results.reduce((sum, r) => sum + r.retries, 0);
  report(`claims on a local bare remote (medians of ${rounds})`, [
    { name: 'floor: one fetch + one push of the ref', ms: floor },
    { name: 'one claim (fetch, decide, push)', ms: claim, floor },
    { name: "agent-guard's own time in a claim", ms: claim - floor, goal: '≤ 150 ms' },
    { name: `${clones} clones claiming at once: total`, ms: total },
  ]);
  const errors = [...new Set(results.filter((r) => r.error).map((r) => r.error.slice(0, 300)))];
  if (errors.length) note(`errors: ${errors.slice(0, 3).join('\n')}`);
  note(`${clones} clones: ${landed} of ${clones} claims landed, ${retries} retries in all, ${results.filter((r) => r.exitCode !== 0).length} failed`);
  rmSync(dir, { recursive: true, force: true });
  return { claim, floor, total, landed, retries };
}
