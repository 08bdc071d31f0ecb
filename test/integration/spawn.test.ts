import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
import { runToEnd } from '../helpers/spawner.js';

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo();
});
afterEach(() => repo.remove());

/** Starts the test from a copy of the repository with these agents already spawned (built once per worker). */
const withSpawned = (...names: string[]) => {
  repo.remove();
  repo = makeAgentRepo({}, { spawn: names });
};
const configOf = () => JSON.parse(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8'));

describe('spawn', () => {
  it('creates the worktree, branch, trusted manifest, scope file and hooks', () => {
    const result = run(repo.path, ['spawn', 'orders']);
    expect(result.code).toBe(0);
    const wt = repo.agentPath('orders');
    expect(result.stdout).toContain(`Created worktree ${wt} on new branch agent/orders from main`);
    expect(tryGit(wt, ['symbolic-ref', '--short', 'HEAD']).stdout.trim()).toBe('agent/orders');
    const gitDir = tryGit(wt, ['rev-parse', '--absolute-git-dir']).stdout.trim();
    const manifest = JSON.parse(readFileSync(join(gitDir, 'agent-guard', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ agent: 'orders', scope: ['src/orders/**'], base: 'main', configFile: 'agent-guard.config.json' });
    expect(readFileSync(join(wt, '.agent-guard', 'scope.md'), 'utf8')).toContain('- `src/orders/**`');
    expect(tryGit(wt, ['status', '--porcelain']).stdout).toBe(''); // the scope file is excluded
    expect(tryGit(wt, ['config', '--get', 'core.hooksPath']).stdout.trim()).toBe(join(gitDir, 'agent-guard', 'hooks'));
    // the main worktree keeps its own (init's dispatcher), though git copied it into the new worktree
    expect(tryGit(repo.path, ['config', '--get', 'core.hooksPath']).stdout.trim()).toMatch(/\/\.git\/agent-guard\/linked-hooks$/);
  });

  it("runs the project's own post-checkout lines in the new worktree", () => {
    repo.write('.husky/post-checkout', `${readFileSync(join(repo.path, '.husky/post-checkout'), 'utf8')}\ntouch post-checkout-ran\n`);
    repo.commitAll('a post-checkout hook of our own');
    expect(run(repo.path, ['spawn', 'orders']).code).toBe(0);
    expect(existsSync(join(repo.agentPath('orders'), 'post-checkout-ran'))).toBe(true);
    expect(existsSync(join(repo.path, 'post-checkout-ran'))).toBe(false);
  });

  it('adds a new agent to the config with --scope and --task', () => {
    const result = run(repo.path, ['spawn', 'api', '--scope', 'src/api/**', '--scope', '!src/api/legacy/**', '--task', 'Add pagination']);
    expect(result.code).toBe(0);
    expect(configOf().agents.api).toEqual({ scope: ['src/api/**', '!src/api/legacy/**'], task: 'Add pagination' });
    expect(result.stdout).toContain('Commit agent-guard.config.json on main');
    expect(readFileSync(join(repo.agentPath('api'), '.agent-guard', 'scope.md'), 'utf8')).toContain('Add pagination');
  });

  it('edits a YAML config and a package.json config', () => {
    const yamlRepo = makeAgentRepo();
    try {
      yamlRepo.git('rm', '-q', 'agent-guard.config.json');
      yamlRepo.write('agent-guard.config.yaml', '# owners\nbase: main\nagents:\n  web:\n    scope: ["web/**"]\n');
      yamlRepo.commitAll('yaml');
      expect(run(yamlRepo.path, ['spawn', 'api', '--scope', 'api/**']).code).toBe(0);
      const yaml = readFileSync(join(yamlRepo.path, 'agent-guard.config.yaml'), 'utf8');
      expect(yaml).toContain('# owners');
      expect(yaml).toMatch(/api:\n\s+scope:\n\s+- api\/\*\*/);

      yamlRepo.git('rm', '-q', '--cached', 'agent-guard.config.yaml');
      rmSync(join(yamlRepo.path, 'agent-guard.config.yaml'));
      yamlRepo.write('package.json', JSON.stringify({ name: 'x', 'agent-guard': { base: 'main', agents: {} } }, null, 2));
      yamlRepo.commitAll('package.json config');
      expect(run(yamlRepo.path, ['spawn', 'docs', '--scope', 'docs/**']).code).toBe(0);
      expect(JSON.parse(readFileSync(join(yamlRepo.path, 'package.json'), 'utf8'))['agent-guard'].agents.docs).toEqual({ scope: ['docs/**'] });
    } finally {
      yamlRepo.remove();
    }
  });

  it('says what to add by hand for a JS config', () => {
    repo.git('rm', '-q', 'agent-guard.config.json');
    repo.write('agent-guard.config.mjs', 'export default { base: "main", agents: {} };\n');
    repo.commitAll('js config');
    const result = run(repo.path, ['spawn', 'api', '--scope', 'api/**']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Add this under "agents" by hand');
  });

  it('refuses a scope that overlaps an agent at work, naming the files and the agent, and changes nothing', () => {
    withSpawned('orders');
    const before = readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8');
    const result = run(repo.path, ['spawn', 'checkout', '--scope', 'src/**']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('with "orders": src/orders/a.ts');
    expect(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8')).toBe(before);
    expect(existsSync(repo.agentPath('checkout'))).toBe(false);
    expect(run(repo.path, ['spawn', 'checkout', '--scope', 'src/**', '--allow-overlap']).code).toBe(0);
  });

  it('warns that uncommitted changes in the main worktree stay behind', () => {
    repo.write('README.md', 'edited\n');
    expect(run(repo.path, ['spawn', 'web']).stdout).toContain('the main worktree has uncommitted changes');
  });

  it('says so for an agent that already has a worktree and destroys nothing', () => {
    withSpawned('web');
    writeFileSync(join(repo.agentPath('web'), 'web/wip.ts'), 'work in progress\n');
    const again = run(repo.path, ['spawn', 'web']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already has a worktree');
    expect(readFileSync(join(repo.agentPath('web'), 'web/wip.ts'), 'utf8')).toBe('work in progress\n');
  });

  it('recreates a worktree deleted by hand, on the same branch, keeping its commits', () => {
    withSpawned('web');
    const wt = repo.agentPath('web');
    writeFileSync(join(wt, 'web/new.ts'), 'x\n');
    tryGit(wt, ['add', '-A']);
    expect(tryGit(wt, ['commit', '-m', 'web work']).code).toBe(0);
    const tip = tryGit(wt, ['rev-parse', 'HEAD']).stdout.trim();
    rmSync(wt, { recursive: true, force: true });
    const result = run(repo.path, ['spawn', 'web']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('on the existing branch agent/web');
    expect(tryGit(wt, ['rev-parse', 'HEAD']).stdout.trim()).toBe(tip);
  });

  it('copies .worktreeinclude files and runs setup with its output shown', () => {
    repo.write('.gitignore', '.env\n');
    repo.write('.worktreeinclude', '.env\n');
    repo.config({ ...configOf(), setup: 'echo setting up in $(basename "$PWD")' });
    repo.commitAll('setup');
    repo.write('.env', 'SECRET=1\n');
    const result = run(repo.path, ['spawn', 'web']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('copied .env (.worktreeinclude)');
    expect(result.stdout).toContain('setting up in web');
    expect(readFileSync(join(repo.agentPath('web'), '.env'), 'utf8')).toBe('SECRET=1\n');
  });

  it('reports a failing setup', () => {
    repo.config({ ...configOf(), setup: 'exit 3' });
    repo.commitAll('setup');
    const result = run(repo.path, ['spawn', 'web']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('setup "exit 3" failed (exit 3)');
  });

  it('exits 2 for a bad name, an unknown agent without --scope, and a bad glob (config untouched)', () => {
    expect(run(repo.path, ['spawn', 'no/slash']).code).toBe(2);
    const unknown = run(repo.path, ['spawn', 'ghost']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("agent-guard spawn ghost --scope 'GLOB'");
    const before = readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8');
    expect(run(repo.path, ['spawn', 'ghost', '--scope', '/abs/**']).code).toBe(2);
    expect(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8')).toBe(before);
    const noBase = run(repo.path, ['spawn', 'ghost', '--scope', 'ghost/**', '--base', 'no-such-branch']);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr.trim()).toBe('agent-guard: the base "no-such-branch" is not a commit here. Pass --base a branch or commit that exists here.');
    expect(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8')).toBe(before);
    expect(existsSync(repo.agentPath('ghost'))).toBe(false);
    // a --path that holds files: said before the config, a claim or a branch is touched
    const taken = `${repo.path}-taken`;
    mkdirSync(taken);
    writeFileSync(join(taken, 'notes.txt'), 'mine\n');
    try {
      const occupied = run(repo.path, ['spawn', 'ghost', '--scope', 'ghost/**', '--path', taken]);
      expect(occupied.code).toBe(2);
      expect(occupied.stderr.trim()).toBe(`agent-guard: ${taken} already exists and is not an empty folder, so agent "ghost"'s worktree cannot go there. Nothing was changed. Pass --path with another place, or move that one away.`);
      expect(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8')).toBe(before);
      expect(tryGit(repo.path, ['branch', '--list', 'agent/ghost']).stdout).toBe('');
      // an empty folder is fine, as for git
      rmSync(join(taken, 'notes.txt'));
      expect(run(repo.path, ['spawn', 'ghost', '--scope', 'ghost/**', '--path', taken]).code).toBe(0);
      expect(tryGit(taken, ['symbolic-ref', '--short', 'HEAD']).stdout.trim()).toBe('agent/ghost');
    } finally {
      rmSync(taken, { recursive: true, force: true });
    }
  });

  it('keeps the config whole when two spawns run at once', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const { cleanEnv } = await import('../helpers/env.js');
    const start = (name: string) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'spawn', name, '--scope', `${name}/**`], { cwd: repo.path, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => resolve({ code: code ?? -1, output }));
      });
    const results = await Promise.all([start('alpha'), start('beta'), start('gamma')]);
    expect(results.map((r) => r.code), results.map((r) => r.output).join('\n')).toEqual([0, 0, 0]);
    expect(Object.keys(configOf().agents).sort()).toEqual(['alpha', 'beta', 'gamma', 'orders', 'web']);
  });
});

describe('an agent worktree cannot switch its guard off', () => {
  beforeEach(() => withSpawned('orders'));

  it('refuses an out-of-scope commit after the agent gave itself ** in the config (not staged)', () => {
    const wt = repo.agentPath('orders');
    writeFileSync(join(wt, 'agent-guard.config.json'), JSON.stringify({ base: 'main', agents: { orders: { scope: ['**'] } } }));
    writeFileSync(join(wt, 'web/page.ts'), 'mine now\n');
    tryGit(wt, ['add', 'web/page.ts']);
    const result = tryGit(wt, ['commit', '-m', 'stray']);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/out of scope\s+web\/page\.ts/);
  });

  it('refuses an out-of-scope commit after the agent overwrote .husky/pre-commit with exit 0', () => {
    const wt = repo.agentPath('orders');
    writeFileSync(join(wt, '.husky/pre-commit'), 'exit 0\n');
    writeFileSync(join(wt, '.agent-guard/scope.md'), 'scope: everything\n');
    writeFileSync(join(wt, 'web/page.ts'), 'mine now\n');
    tryGit(wt, ['add', 'web/page.ts']);
    expect(tryGit(wt, ['commit', '-m', 'stray']).code).not.toBe(0);
    writeFileSync(join(wt, 'src/orders/b.ts'), 'in scope\n');
    tryGit(wt, ['reset', '-q']);
    tryGit(wt, ['add', 'src/orders/b.ts']);
    expect(tryGit(wt, ['commit', '-m', 'fine']).code).toBe(0);
  });

  it('refuses to push a --no-verify commit from the agent worktree (its own pre-push hook)', () => {
    const wt = repo.agentPath('orders');
    const remote = `${repo.path}-remote.git`;
    tryGit(repo.path, ['init', '-q', '--bare', remote]);
    tryGit(repo.path, ['remote', 'add', 'origin', remote]);
    try {
      writeFileSync(join(wt, 'src/orders/b.ts'), 'ok\n');
      tryGit(wt, ['add', '-A']);
      expect(tryGit(wt, ['commit', '-m', 'in scope']).code).toBe(0);
      expect(tryGit(wt, ['push', '-q', 'origin', 'agent/orders']).code).toBe(0);
      writeFileSync(join(wt, 'web/page.ts'), 'stray\n');
      tryGit(wt, ['add', '-A']);
      expect(tryGit(wt, ['commit', '-q', '--no-verify', '-m', 'sneaky']).code).toBe(0);
      const before = tryGit(remote, ['rev-parse', 'refs/heads/agent/orders']).stdout;
      const push = tryGit(wt, ['push', 'origin', 'agent/orders']);
      expect(push.code).not.toBe(0);
      expect(push.output).toContain('This push was refused');
      expect(tryGit(remote, ['rev-parse', 'refs/heads/agent/orders']).stdout).toBe(before);
      // the refusal's way out without an editor: the agent's Bash guard lets it run, then the push goes through
      const way = /Without an editor: (.+), then commit the rest again\./.exec(push.output)?.[1];
      expect(way).toBe('git reset --soft $(git merge-base main HEAD) && git restore --source=HEAD --staged --worktree -- web/page.ts');
      const guard = run(wt, ['guard'], {}, JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: way } }));
      expect(guard.stdout).not.toContain('"deny"');
      expect(runToEnd('sh', ['-c', way!], { cwd: wt }).status).toBe(0);
      expect(tryGit(wt, ['commit', '-q', '-m', 'in scope, again']).code).toBe(0);
      expect(tryGit(wt, ['push', '-q', '-f', 'origin', 'agent/orders']).code).toBe(0);
      expect(tryGit(remote, ['show', '--stat', '--format=', 'refs/heads/agent/orders']).stdout).toContain('src/orders/b.ts');
    } finally {
      rmSync(remote, { recursive: true, force: true });
    }
  });

  it('refuses an in-scope commit made on base or on another agent\'s branch, and a push to base, with the way back', () => {
    const wt = repo.agentPath('orders');
    const main = tryGit(repo.path, ['rev-parse', 'main']).stdout;
    tryGit(repo.path, ['branch', 'agent/web']);
    for (const [branch, whose] of [['main', 'the base branch'], ['agent/web', 'agent "web"\'s branch']] as const) {
      expect(tryGit(wt, ['switch', '-q', '--ignore-other-worktrees', branch]).code).toBe(0);
      writeFileSync(join(wt, 'src/orders/b.ts'), `on ${branch}\n`);
      tryGit(wt, ['add', '-A']);
      const result = tryGit(wt, ['commit', '-m', 'in scope, wrong branch']);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(`this worktree belongs to agent "orders", and it is on "${branch}", ${whose}.`);
      expect(result.output).toContain('git switch agent/orders');
      expect(tryGit(wt, ['switch', '-q', 'agent/orders']).code).toBe(0); // the way back, the change carried along
    }
    expect(tryGit(repo.path, ['rev-parse', 'main']).stdout).toBe(main);
    expect(tryGit(wt, ['commit', '-q', '-m', 'in scope, own branch']).code).toBe(0);
    // a detached HEAD (what a rebase works on) is not refused
    tryGit(wt, ['switch', '-q', '--detach']);
    writeFileSync(join(wt, 'src/orders/c.ts'), 'detached\n');
    tryGit(wt, ['add', '-A']);
    expect(tryGit(wt, ['commit', '-q', '-m', 'detached']).code).toBe(0);
    const remote = `${repo.path}-remote.git`;
    tryGit(repo.path, ['init', '-q', '--bare', remote]);
    tryGit(repo.path, ['remote', 'add', 'origin', remote]);
    try {
      const push = tryGit(wt, ['push', 'origin', 'HEAD:refs/heads/main']);
      expect(push.code).not.toBe(0);
      expect(push.output).toContain('this push would update "main", the base branch');
      expect(tryGit(remote, ['rev-parse', '--verify', '-q', 'refs/heads/main']).code).not.toBe(0);
      expect(tryGit(wt, ['push', '-q', 'origin', 'HEAD:refs/heads/agent/orders']).code).toBe(0);
    } finally {
      rmSync(remote, { recursive: true, force: true });
    }
  });

  it('keeps running the project\'s own .husky hook lines after agent-guard', () => {
    const wt = repo.agentPath('orders');
    writeFileSync(join(wt, '.husky/pre-commit'), `${readFileSync(join(wt, '.husky/pre-commit'), 'utf8')}\necho project-hook-ran\n`);
    writeFileSync(join(wt, 'src/orders/b.ts'), 'x\n');
    tryGit(wt, ['add', 'src/orders/b.ts']);
    const result = tryGit(wt, ['commit', '-m', 'in scope']);
    expect(result.code).toBe(0);
    expect(result.output).toContain('project-hook-ran');
  });
});
