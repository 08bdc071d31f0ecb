import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { tryGit } from '../helpers/hooks.js';
import { copyOfFixture } from '../helpers/fixture.js';
import { makeRepo, repoAt, type TestRepo } from '../helpers/repo.js';
import { runToEnd } from '../helpers/spawner.js';

let repo: TestRepo;
let remote: string;
// The fixture holds the bare remote too (inside the git dir, so each copy gets its own, its URL
// rewritten with the rest): main pushed there, the agent branch checked out.
beforeEach(() => {
  repo = repoAt(
    copyOfFixture('hooks', () => {
      const built = makeRepo();
      built.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } } });
      built.write('src/orders/a.ts');
      built.write('web/page.ts');
      expect(run(built.path, ['init']).code).toBe(0);
      built.commitAll('base with hooks');
      const bare = join(built.path, '.git', 'test-remote.git');
      built.git('init', '-q', '--bare', bare);
      built.git('remote', 'add', 'origin', bare);
      built.git('push', '-q', 'origin', 'main');
      built.git('checkout', '-q', '-b', 'agent/orders');
      return built.path;
    }),
  );
  remote = join(repo.path, '.git', 'test-remote.git');
});
afterEach(() => repo.remove());

const head = (cwd = repo.path) => tryGit(cwd, ['rev-parse', 'HEAD']).stdout.trim();
const remoteRef = (ref: string) => tryGit(remote, ['rev-parse', '--verify', '--quiet', ref]).stdout.trim();

describe('pre-commit hook', () => {
  it('lets an in-scope commit land', () => {
    repo.write('src/orders/b.ts');
    repo.git('add', '-A');
    const before = head();
    const result = tryGit(repo.path, ['commit', '-m', 'in scope']);
    expect(result.code).toBe(0);
    expect(head()).not.toBe(before);
  });

  it('refuses an out-of-scope commit, says why and what to do, and HEAD does not move', () => {
    repo.write('web/page.ts', 'stray\n');
    repo.git('add', '-A');
    const before = head();
    const result = tryGit(repo.path, ['commit', '-m', 'stray']);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/out of scope\s+web\/page\.ts/);
    expect(result.output).toContain('git reset -q -- web/page.ts');
    expect(result.output).toContain('This commit was not made');
    expect(head()).toBe(before);
  });

  it('checks what `git commit PATH` commits (a temporary index), not the whole index', () => {
    repo.write('src/orders/b.ts');
    repo.write('web/page.ts', 'stray\n');
    repo.git('add', 'src/orders/b.ts');
    expect(tryGit(repo.path, ['commit', '-m', 'only orders', '--', 'src/orders/b.ts']).code).toBe(0);
    expect(tryGit(repo.path, ['commit', '-m', 'web too', '--', 'web/page.ts']).code).not.toBe(0);
  });

  it('never starts node for a human commit on a non-agent branch, through the dispatcher or husky\'s chain', () => {
    // A PATH with git and the shell tools husky uses, but no node; and no recorded node either.
    const bin = mkdtempSync(join(tmpdir(), 'ag-bin-'));
    for (const tool of ['git', 'sh', 'dirname', 'basename']) {
      symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
    }
    repo.git('config', '--unset', 'agent-guard.node');
    // Any node started with this fails, wherever its path came from (the dispatcher knows one).
    const noNode = { PATH: bin, NODE_OPTIONS: '--require=/nonexistent/agent-guard-no-node.js' };
    const husky = ['-c', 'core.hooksPath=.husky/_'];
    try {
      repo.git('checkout', '-q', 'main');
      repo.write('web/page.ts', 'human\n');
      repo.git('add', '-A');
      expect(tryGit(repo.path, ['commit', '-m', 'human'], noNode).code).toBe(0);
      repo.write('web/page.ts', 'human again\n');
      repo.git('add', '-A');
      expect(tryGit(repo.path, [...husky, 'commit', '-m', 'human, husky'], noNode).code).toBe(0);
      repo.git('checkout', '-q', 'agent/orders');
      repo.write('src/orders/b.ts');
      repo.git('add', '-A');
      const agentCommit = tryGit(repo.path, [...husky, 'commit', '-m', 'agent'], { PATH: bin });
      expect(agentCommit.code).not.toBe(0);
      expect(agentCommit.output).toContain('cannot find node or agent-guard');
      // The dispatcher starts the node init ran with, not on this PATH, and judges the agent.
      repo.write('web/page.ts', 'stray\n');
      repo.git('add', '-A');
      const stray = tryGit(repo.path, ['commit', '-m', 'agent, stray'], { PATH: bin });
      expect(stray.code).not.toBe(0);
      expect(stray.output).toMatch(/out of scope\s+web\/page\.ts/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("runs in the main worktree through agent-guard's dispatcher, which husky's reinstall and HUSKY=0 do not undo", () => {
    const hooksPath = tryGit(repo.path, ['config', '--get', 'core.hooksPath']).stdout.trim();
    expect(hooksPath).toMatch(/\/\.git\/agent-guard\/linked-hooks$/);
    // husky's own install (npm install's prepare) writes .husky/_ into .git/config again
    repo.git('config', 'core.hooksPath', '.husky/_');
    expect(tryGit(repo.path, ['config', '--get', 'core.hooksPath']).stdout.trim()).toBe(hooksPath);
    // The project's own lines still run, after agent-guard, as husky would run them.
    writeFileSync(join(repo.path, '.husky', 'pre-commit'), `${readFileSync(join(repo.path, '.husky', 'pre-commit'), 'utf8')}echo own-line-ran > .git/own-line\n`);
    writeFileSync(join(repo.path, '.husky', '_', 'h'), 'echo husky-chain-ran > .git/husky-chain\nexit 1\n');
    repo.write('src/orders/b.ts');
    repo.git('add', '-A', 'src');
    expect(tryGit(repo.path, ['commit', '-m', 'in scope']).code).toBe(0);
    expect(readFileSync(join(repo.path, '.git', 'own-line'), 'utf8')).toBe('own-line-ran\n');
    expect(existsSync(join(repo.path, '.git', 'husky-chain'))).toBe(false);
    // HUSKY=0 skips the project's lines only: husky's chain skipped agent-guard's block too
    repo.write('web/page.ts', 'stray\n');
    repo.git('add', '-A', 'web');
    const stray = tryGit(repo.path, ['commit', '-m', 'stray'], { HUSKY: '0' });
    expect(stray.code).not.toBe(0);
    expect(stray.output).toMatch(/out of scope\s+web\/page\.ts/);
  });

  it('fires in a linked worktree and judges that worktree\'s agent', () => {
    const wt = join(repo.path, '..', `${repo.path.split('/').pop()}-web`);
    repo.git('worktree', 'add', '-q', '-b', 'agent/web', wt, 'main');
    try {
      expect(run(wt, ['init']).code).toBe(0); // what `npm install` (husky) does in a new worktree
      tryGit(wt, ['checkout', '-q', '--', 'CLAUDE.md']);
      repo.write('../' + wt.split('/').pop() + '/web/new.ts');
      repo.write('../' + wt.split('/').pop() + '/src/orders/x.ts');
      tryGit(wt, ['add', 'web/new.ts']);
      expect(tryGit(wt, ['commit', '-m', 'web work']).code).toBe(0);
      tryGit(wt, ['add', 'src/orders/x.ts']);
      const refused = tryGit(wt, ['commit', '-m', 'orders work']);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain('agent "web"');
    } finally {
      rmSync(wt, { recursive: true, force: true });
    }
  });
});

describe('pre-commit hook and the base config', () => {
  it('follows the config on the base branch as it moves, whatever the agent\'s copy says', () => {
    repo.write('src/orders/b.ts');
    repo.git('add', '-A');
    expect(tryGit(repo.path, ['commit', '-m', 'warm the cache']).code).toBe(0);
    repo.write('web/page.ts', 'needs web\n');
    repo.git('add', '-A');
    expect(tryGit(repo.path, ['commit', '-m', 'too early']).code).not.toBe(0);

    repo.git('stash', '-q');
    repo.git('checkout', '-q', 'main');
    repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**', 'web/**'] }, web: { scope: ['web/**'] } } });
    repo.commitAll('human widens orders');
    repo.git('checkout', '-q', 'agent/orders');
    repo.git('stash', 'pop', '-q');
    repo.git('add', '-A');
    expect(tryGit(repo.path, ['commit', '-m', 'now allowed']).code).toBe(0);
  });

  it('ignores a damaged cache', () => {
    repo.write('.git/agent-guard/cache.json', '{"version": 1, "globs": {"src/orders/**": 42}, "configAt": "nope"}');
    repo.write('web/page.ts', 'stray\n');
    repo.git('add', '-A');
    expect(tryGit(repo.path, ['commit', '-m', 'stray']).code).not.toBe(0);
    repo.git('reset', '-q');
    repo.write('web/page.ts', 'web/page.ts\n');
    repo.write('src/orders/c.ts');
    repo.git('add', '-A');
    expect(tryGit(repo.path, ['commit', '-m', 'fine']).code).toBe(0);
  });
});

describe('pre-push hook', () => {
  it('refuses to push a commit made with --no-verify, and the remote ref is unchanged', () => {
    repo.write('src/orders/b.ts');
    repo.commitAll('good');
    repo.write('web/page.ts', 'stray\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'sneaky');
    const result = tryGit(repo.path, ['push', 'origin', 'agent/orders']);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/out of scope\s+web\/page\.ts/);
    expect(result.output).toContain('This push was refused');
    expect(remoteRef('refs/heads/agent/orders')).toBe('');
  });

  it('pushes a clean new branch, then checks only the new commits of an update', () => {
    repo.write('src/orders/b.ts');
    repo.commitAll('good');
    expect(tryGit(repo.path, ['push', 'origin', 'agent/orders']).code).toBe(0);
    const pushed = head();
    repo.write('web/page.ts', 'stray\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'sneaky');
    expect(tryGit(repo.path, ['push', 'origin', 'agent/orders']).code).not.toBe(0);
    expect(remoteRef('refs/heads/agent/orders')).toBe(pushed);
  });

  it('does not blame the agent for base commits the remote lacks', () => {
    repo.git('checkout', '-q', 'main');
    repo.write('web/page.ts', 'human work on main, not pushed yet\n');
    repo.commitAll('human');
    repo.git('checkout', '-q', 'agent/orders');
    repo.git('merge', '-q', '--no-edit', 'main');
    repo.write('src/orders/c.ts');
    repo.commitAll('orders');
    expect(tryGit(repo.path, ['push', 'origin', 'agent/orders']).code).toBe(0);
  });

  it('allows deleting a remote branch', () => {
    repo.write('src/orders/b.ts');
    repo.commitAll('good');
    tryGit(repo.path, ['push', 'origin', 'agent/orders']);
    expect(tryGit(repo.path, ['push', 'origin', '--delete', 'agent/orders']).code).toBe(0);
    expect(remoteRef('refs/heads/agent/orders')).toBe('');
  });

  it('`agent-guard hook pre-push` reads git\'s stdin lines like the installed hook', () => {
    repo.write('web/page.ts', 'stray\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'stray');
    const sha = head();
    const zero = '0'.repeat(40);
    const line = `refs/heads/agent/orders ${sha} refs/heads/agent/orders ${zero}\n`;
    const result = run(repo.path, ['hook', 'pre-push', 'origin', remote], {}, line);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(sha.slice(0, 12));
    expect(run(repo.path, ['hook', 'pre-push', 'origin'], {}, `(delete) ${zero} refs/heads/x ${sha}\n`).code).toBe(0);
  });
});

describe("a spawned worktree's pre-commit pipeline", () => {
  const HOOK_ENTRY = fileURLToPath(new URL('../../dist/cjs/hook-entry.js', import.meta.url));
  let agents: AgentRepo;
  beforeEach(() => {
    agents = makeAgentRepo({}, { spawn: ['orders'] });
  });
  afterEach(() => agents.remove());

  it("is not answered by a git in the worktree's node_modules/.bin", () => {
    const wt = agents.agentPath('orders');
    mkdirSync(join(wt, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(wt, 'node_modules', '.bin', 'git'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    writeFileSync(join(wt, 'web', 'page.ts'), 'stray\n');
    tryGit(wt, ['add', 'web/page.ts']);
    const refused = tryGit(wt, ['commit', '-m', 'stray']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/out of scope\s+web\/page\.ts/);
  });

  it('runs the diff itself when the piped diff does not end with git exiting 0', () => {
    const wt = agents.agentPath('orders');
    writeFileSync(join(wt, 'web', 'page.ts'), 'stray\n');
    tryGit(wt, ['add', 'web/page.ts']);
    const entry = (input: string) => runToEnd(process.execPath, [HOOK_ENTRY, 'pre-commit', '--diff-stdin'], { cwd: wt, input });
    for (const input of ['', 'agent-guard-exit:128\0', 'M\0web/page.ts\0agent-guard-exit:141\0', 'M\0web/pa']) {
      const result = entry(input);
      expect([JSON.stringify(input), result.status]).toEqual([JSON.stringify(input), 1]);
      expect(result.stderr).toMatch(/out of scope\s+web\/page\.ts/);
    }
    expect(entry('M\0web/page.ts\0agent-guard-exit:0\0').stderr).toMatch(/out of scope\s+web\/page\.ts/);
  });
});
