import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoState } from '../helpers/tree.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
import { copyOfFixture } from '../helpers/fixture.js';
import { makeRepo, repoAt, type TestRepo } from '../helpers/repo.js';
import { snapshotTree } from '../helpers/snapshot.js';

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.remove());

const read = (file: string) => readFileSync(join(repo.path, file), 'utf8');
const gitConfig = (key: string) => tryGit(repo.path, ['config', '--get', key]).stdout.trim();

describe('init', () => {
  it("wires the configured agent clients in this checkout too (agents told apart by AGENT_GUARD_AGENT), with their rules files, and uninstall takes it all back", () => {
    repo.config({ base: 'main', clients: ['claude', 'codex', 'gemini'], agents: { web: { scope: ['web/**'] } } });
    repo.commitAll('config');
    const home = mkdtempSync(join(tmpdir(), 'ag-init-home-'));
    const env = { HOME: home, CODEX_HOME: join(home, '.codex'), GEMINI_CLI_HOME: home };
    const before = repoState(repo.path);
    const init = run(repo.path, ['init'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('clients    Codex runs agent-guard before every tool call there');
    expect(read('.codex/hooks.json')).toContain('--client codex');
    expect(read('.gemini/settings.json')).toContain('--client gemini');
    expect(read('AGENTS.md')).toContain('.agent-guard/scope.md');
    expect(read('GEMINI.md')).toContain('@.agent-guard/scope.md');
    expect(tryGit(repo.path, ['status', '--porcelain', '--', '.codex', '.gemini']).stdout).toBe(''); // excluded from git
    const guarded = run(repo.path, ['guard', '--client', 'gemini'], { ...env, AGENT_GUARD_AGENT: 'web' }, JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'write_file', tool_input: { file_path: join(repo.path, 'api.ts'), content: 'x' }, cwd: repo.path }));
    expect(run(repo.path, ['uninstall'], env).code).toBe(0);
    expect(repoState(repo.path)).toEqual(before);
    expect(guarded.code + guarded.stdout + guarded.stderr).toContain('api.ts is outside the scope of agent "web"');
  });

  it('sets up a Node repository and keeps the user\'s hook lines, scripts and CLAUDE.md text', () => {
    repo.write('package.json', '{\n\t"name": "shop",\n\t"scripts": { "test": "vitest", "prepare": "tsc" }\n}\n');
    repo.write('package-lock.json', '{}\n');
    repo.write('.husky/pre-commit', 'npx lint-staged\nnpm test\n');
    repo.write('CLAUDE.md', '# Shop\n\nUse pnpm, not npm.\n');
    const result = run(repo.path, ['init']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('create       agent-guard.config.json');

    const pkg = JSON.parse(read('package.json'));
    expect(pkg.scripts).toEqual({ test: 'vitest', prepare: 'husky && tsc' });
    expect(read('package.json')).toContain('\t"name"');
    expect(read('.husky/pre-commit')).toMatch(/^# >>> agent-guard >>>[\s\S]*# <<< agent-guard <<<\n\nnpx lint-staged\nnpm test\n$/);
    expect(read('.husky/pre-push')).toContain('"$ag_node" "$ag_entry" pre-push "$@"');
    expect(read('CLAUDE.md')).toMatch(/^# Shop\n\nUse pnpm, not npm\.\n\n<!-- agent-guard:start/);
    expect(read('CLAUDE.md')).toContain('Stay inside your assigned scope');
    expect(read('CLAUDE.md')).toContain('@.agent-guard/scope.md');
    expect(JSON.parse(read('agent-guard.config.json'))).toMatchObject({ base: 'main', shared: ['package-lock.json'], agents: {} });
    // husky is installed (.husky/_ in .git/config); the main worktree's own config outranks it with
    // agent-guard's dispatcher, the hook every linked worktree runs
    expect(tryGit(repo.path, ['config', '--local', '--get', 'core.hooksPath']).stdout.trim()).toBe('.husky/_');
    expect(gitConfig('core.hooksPath')).toBe(join(realpathSync(repo.path), '.git', 'agent-guard', 'linked-hooks'));
  });

  it('is idempotent: a second run changes no byte', () => {
    repo.write('package.json', '{ "name": "x" }\n');
    repo.write('CLAUDE.md', 'mine\n');
    expect(run(repo.path, ['init', '--agents-md', '--ci', 'github']).code).toBe(0);
    const first = snapshotTree(repo.path);
    const second = run(repo.path, ['init', '--agents-md', '--ci', 'github']);
    expect(second.code).toBe(0);
    expect(snapshotTree(repo.path)).toEqual(first);
    expect(second.stdout).not.toMatch(/^\s+(create|update)\s/m);
  });

  it('rewrites only its own block when the config changes', () => {
    repo.write('CLAUDE.md', 'top\n');
    run(repo.path, ['init']);
    repo.write('CLAUDE.md', read('CLAUDE.md') + '\nbottom\n');
    repo.config({ protected: ['infra/**'], agents: { orders: { scope: ['src/orders/**'], task: 'Make it async' } } });
    expect(run(repo.path, ['init']).stdout).toContain('update       CLAUDE.md');
    const text = read('CLAUDE.md');
    expect(text).toMatch(/^top\n\n<!-- agent-guard:start/);
    expect(text).toMatch(/<!-- agent-guard:end -->\n\nbottom\n$/);
    expect(text).toContain('| orders | `src/orders/**` | Make it async |');
    expect(text).toContain('`infra/**`');
    expect(text.match(/agent-guard:start/g)).toHaveLength(1);
  });

  it('--dry-run prints what would change and writes nothing', () => {
    repo.write('CLAUDE.md', 'mine\n');
    const before = snapshotTree(repo.path);
    const result = run(repo.path, ['init', '--dry-run', '--agents-md']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would create agent-guard.config.json');
    expect(result.stdout).toContain('would update CLAUDE.md');
    expect(result.stdout).toContain('would create AGENTS.md');
    expect(snapshotTree(repo.path)).toEqual(before);
    expect(gitConfig('core.hooksPath')).toBe('');
  });

  it('sets up hooks in a repository without package.json and records where agent-guard lives', () => {
    repo.write('main.go', 'package main\n');
    repo.write('go.sum', '');
    expect(run(repo.path, ['init']).code).toBe(0);
    expect(tryGit(repo.path, ['config', '--local', '--get', 'core.hooksPath']).stdout.trim()).toBe('.husky/_');
    expect(gitConfig('core.hooksPath')).toMatch(/\/\.git\/agent-guard\/linked-hooks$/);
    expect(gitConfig('agent-guard.entry')).toMatch(/dist\/cjs\/hook-entry\.js$/);
    expect(gitConfig('agent-guard.node')).toBe(process.execPath);
    expect(JSON.parse(read('agent-guard.config.json')).shared).toEqual(['go.sum']);
    expect(() => read('package.json')).toThrow();
  });

  it('writes AGENTS.md and a GitHub workflow for the configured base', () => {
    repo.git('checkout', '-q', '-b', 'trunk');
    expect(run(repo.path, ['init', '--agents-md', '--ci', 'github']).code).toBe(0);
    expect(read('AGENTS.md')).toContain('read `.agent-guard/scope.md` first');
    const workflow = read('.github/workflows/agent-guard.yml');
    const version = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version;
    const job = (parse(workflow) as { on: unknown; jobs: { scope: { steps: { uses: string }[] } } });
    expect(job.on).toEqual({ pull_request: { branches: ['trunk'] } });
    expect(job.jobs.scope.steps.map((s) => s.uses)).toEqual(['actions/checkout@v4', `agent-guard/agent-guard@v${version}`]);
    expect(JSON.parse(read('agent-guard.config.json')).base).toBe('trunk');
  });

  it('leaves a workflow it did not generate alone', () => {
    repo.write('.github/workflows/agent-guard.yml', 'name: mine\n');
    const result = run(repo.path, ['init', '--ci', 'github']);
    expect(result.stdout).toContain('skip');
    expect(read('.github/workflows/agent-guard.yml')).toBe('name: mine\n');
  });

  it('keeps an existing config and refuses a broken one or a broken package.json', () => {
    repo.config({ agents: { a: { scope: ['a/**'] } } });
    const kept = read('agent-guard.config.json');
    expect(run(repo.path, ['init']).code).toBe(0);
    expect(read('agent-guard.config.json')).toBe(kept);

    repo.write('agent-guard.config.json', '{"agents": 3}');
    const badConfig = run(repo.path, ['init']);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('agents: must be an object');

    repo.config({ agents: {} });
    repo.write('package.json', '{ nope');
    const badPkg = run(repo.path, ['init']);
    expect(badPkg.code).toBe(2);
    expect(badPkg.stderr).toContain('package.json is not valid JSON');
    expect(badPkg.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('doctor', () => {
  /** A repository where `init` ran (config with no agents) and was committed: built once per worker, copied per test. */
  const initialized = () => {
    repo.remove();
    repo = repoAt(
      copyOfFixture('init: no agents, committed', () => {
        const built = makeRepo();
        built.config({ agents: {} });
        expect(run(built.path, ['init']).code).toBe(0);
        built.commitAll('init');
        return built.path;
      }),
    );
  };

  it('fails with fixes before init and passes after', () => {
    repo.config({ agents: {} });
    const before = run(repo.path, ['doctor']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('FAIL  core.hooksPath is not set');
    expect(before.stdout).toContain('fix: run `npx agent-guard init`');
    expect(run(repo.path, ['init']).code).toBe(0);
    const after = run(repo.path, ['doctor']);
    expect(after.stdout).toContain("ok    pre-commit: git runs agent-guard's hook in");
    expect(after.stdout).not.toContain('FAIL');
    expect(after.code).toBe(0);
  });

  it('reports an invalid config and a hook script that lost its agent-guard block', () => {
    initialized();
    repo.write('.husky/pre-push', 'echo hi\n');
    repo.write('agent-guard.config.json', '{"agents": {"bad name": {"scope": ["x"]}}}');
    const result = run(repo.path, ['doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL  config:');
    expect(result.stdout).toContain('FAIL  pre-push: .husky/pre-push does not call agent-guard');
  });

  it('notices agent branch patterns changed in the config since init wrote the hooks', () => {
    initialized();
    repo.config({ branches: ['bot/{name}'], agents: {} });
    const result = run(repo.path, ['doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`the agent-guard block in .husky/pre-commit is out of date (the config's branches ["bot/{name}"]`);
    expect(result.stdout).toMatch(/FAIL {2}pre-commit: agent-guard's hook in \S+\/linked-hooks is out of date \(the config's branches \["bot\/\{name\}"\]/);
    run(repo.path, ['init']);
    expect(run(repo.path, ['doctor']).code).toBe(0);
  });

  it('accepts a spawned worktree\'s own hooks even if its .husky scripts were emptied', () => {
    repo.config({ base: 'main', agents: { web: { scope: ['web/**'] } } });
    run(repo.path, ['init']);
    repo.commitAll('init');
    expect(run(repo.path, ['spawn', 'web', '--path', `${repo.path}-web`]).code).toBe(0);
    try {
      writeFileSync(join(`${repo.path}-web`, '.husky/pre-commit'), 'exit 0\n');
      const result = run(`${repo.path}-web`, ['doctor']);
      expect(result.stdout).toContain("ok    pre-commit: this worktree's own hook (in the git dir, out of its edits' reach) calls agent-guard");
      expect(result.code).toBe(0);
    } finally {
      repo.git('worktree', 'remove', '--force', `${repo.path}-web`);
    }
  });

  it('sees a linked worktree without working hooks and names the one command that fixes it', () => {
    initialized();
    const wt = `${repo.path}-wt`;
    repo.git('worktree', 'add', '-q', wt, '-b', 'side');
    try {
      expect(run(wt, ['doctor']).code).toBe(0); // init's include gives every linked worktree its hooks
      repo.git('config', '--unset-all', 'includeIf.gitdir:./worktrees/.path');
      // as in a worktree added before init: git copied no config.worktree from the main worktree
      tryGit(wt, ['config', '--worktree', '--unset', 'core.hooksPath']);
      const result = run(wt, ['doctor']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`FAIL  pre-commit: no executable hook in ${wt}/.husky/_`);
      expect(result.stdout).toContain('npx agent-guard init');
      expect(run(wt, ['init']).code).toBe(0);
      expect(run(wt, ['doctor']).code).toBe(0);
    } finally {
      repo.git('worktree', 'remove', '--force', wt);
    }
  });
});
