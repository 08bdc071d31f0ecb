import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      return { ...repo, remove: () => rmSync(path, { recursive: true, force: true }) };
    },
    claimFiles: () => tryGit(remote, ['ls-tree', '--name-only', 'refs/agent-guard/claims']).stdout.split('\n').filter(Boolean),
    remove: () => rmSync(dir, { recursive: true, force: true }),
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
