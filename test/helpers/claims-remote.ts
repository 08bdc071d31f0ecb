import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discard } from './discard.js';
import { cleanEnv } from './env.js';
import { copyOfFixture } from './fixture.js';
import { tryGit } from './hooks.js';
import { makeRepo, repoAt, type TestRepo } from './repo.js';

export interface ClaimsRemote {
  dir: string;
  /** The bare remote every clone pushes to. */
  remote: string;
  /** A clone with its own identity (`NAME@example.com`): made now, or made with the remote when it was named there. */
  clone(name: string): TestRepo;
  /** The claim files in the remote's refs/agent-guard/claims. */
  claimFiles(): string[];
  /** Moves a claim's createdAt on the remote `ms` into the past, as if it had been made that long ago. */
  backdateClaim(agent: string, ms: number): void;
  remove(): void;
}

/**
 * A bare remote whose main holds a config with claims on (agents orders and web), ready to clone;
 * the clones named in `cloned` exist already (built once per worker with the remote, copied per test).
 */
export function makeClaimsRemote(cloned: string[] = []): ClaimsRemote {
  const dir = copyOfFixture(`claims-remote ${cloned.join(' ')}`, () => buildClaimsRemote(cloned));
  const remote = join(dir, 'remote.git');
  return {
    dir,
    remote,
    clone(name) {
      const path = join(dir, name);
      if (!existsSync(path)) cloneInto(dir, remote, name);
      const repo = repoAt(path);
      return { ...repo, remove: () => discard(path) };
    },
    claimFiles: () => tryGit(remote, ['ls-tree', '--name-only', 'refs/agent-guard/claims']).stdout.split('\n').filter(Boolean),
    backdateClaim(agent, ms) {
      const inRemote = (args: string[], input?: string) => execFileSync('git', args, { cwd: remote, env: cleanEnv(), encoding: 'utf8', input }).trim();
      const claim = JSON.parse(inRemote(['show', `refs/agent-guard/claims:${agent}.json`]));
      claim.createdAt = new Date(Date.parse(claim.createdAt) - ms).toISOString();
      const entries = inRemote(['ls-tree', 'refs/agent-guard/claims']).split('\n');
      const blob = inRemote(['hash-object', '-w', '--stdin'], JSON.stringify(claim, null, 2) + '\n');
      const tree = inRemote(['mktree'], entries.map((e) => (e.endsWith(`\t${agent}.json`) ? `100644 blob ${blob}\t${agent}.json` : e)).join('\n') + '\n');
      const commit = inRemote(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit-tree', tree, '-p', 'refs/agent-guard/claims', '-m', `backdate ${agent}`]);
      inRemote(['update-ref', 'refs/agent-guard/claims', commit]);
    },
    remove: () => discard(dir),
  };
}

function buildClaimsRemote(cloned: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ag-repo-'));
  const remote = join(dir, 'remote.git');
  tryGit(dir, ['init', '-q', '--bare', '-b', 'main', remote]);
  const first = makeRepo();
  first.config({ base: 'main', claims: { remote: 'origin', ttl: '7d' }, agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } } });
  first.write('src/orders/a.ts');
  first.write('src/shared/x.ts');
  first.write('web/page.ts');
  first.commitAll('base');
  first.git('remote', 'add', 'origin', remote);
  first.git('push', '-q', 'origin', 'main');
  first.remove();
  for (const name of cloned) cloneInto(dir, remote, name);
  return dir;
}

function cloneInto(dir: string, remote: string, name: string): void {
  tryGit(dir, ['clone', '-q', '-c', `user.email=${name}@example.com`, '-c', `user.name=${name}`, remote, join(dir, name)]);
}
