import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';
import { runToEnd } from '../helpers/spawner.js';
import { repoState } from '../helpers/tree.js';

// The team's own check, as each hook manager would run it: a commit that adds "TODO" is refused.
const NO_TODO = `! git diff --cached -U0 | grep -q TODO`;
const NO_TODO_SCRIPT = `#!/bin/sh\nif git diff --cached -U0 | grep -q TODO; then echo "team hook: no TODO" >&2; exit 1; fi\n`;
const LEFTHOOK = fileURLToPath(new URL('../../node_modules/.bin/lefthook', import.meta.url));
const SIMPLE_GIT_HOOKS = fileURLToPath(new URL('../../node_modules/.bin/simple-git-hooks', import.meta.url));
const preCommitHome = mkdtempSync(join(tmpdir(), 'ag-pre-commit-home-'));
const env = { PRE_COMMIT_HOME: preCommitHome };
const hasPreCommit = runToEnd('pre-commit', ['--version'], { cwd: tmpdir() }).status === 0;

let repo: TestRepo;
const worktrees: string[] = [];
afterEach(() => {
  for (const wt of worktrees.splice(0)) tryGit(repo.path, ['worktree', 'remove', '--force', wt]);
  repo.remove();
});

/** An ignored .env that .worktreeinclude names: a plain `git worktree add` must bring it along in every mode. */
const COPIED = { '.gitignore': '.env\n', '.worktreeinclude': '.env\n' };

function teamRepo(files: Record<string, string>, executable: string[] = []): TestRepo {
  repo = makeRepo();
  repo.config({ base: 'main', agents: { web: { scope: ['web/**'] } } });
  repo.write('web/page.ts');
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  for (const path of executable) chmodSync(join(repo.path, path), 0o755);
  repo.commitAll('the team\'s repository');
  if (files['.worktreeinclude']) writeFileSync(join(repo.path, '.env'), 'SECRET=1\n');
  return repo;
}

/** The new worktree's post-checkout (the manager's hook, calling agent-guard's) copied the ignored .env in. */
function expectIgnoredCopied(wt: string) {
  expect(readFileSync(join(wt, '.env'), 'utf8')).toBe('SECRET=1\n');
}

const git = (cwd: string, ...args: string[]) => tryGit(cwd, args, env);

/** A commit of `path` with `text` in `cwd`; the index and file are put back when it is refused. */
function commit(cwd: string, path: string, text: string) {
  mkdirSync(join(cwd, path, '..'), { recursive: true });
  writeFileSync(join(cwd, path), text);
  git(cwd, 'add', '--', path);
  const result = git(cwd, 'commit', '-m', `add ${path}`);
  if (result.code !== 0) git(cwd, 'rm', '-q', '-f', '--', path);
  return result;
}

/** A plain `git worktree add` worktree on a new agent branch (no spawn). */
function linkedAgentWorktree(): string {
  const wt = `${repo.path}-web`;
  git(repo.path, 'worktree', 'add', '-q', wt, '-b', 'agent/web');
  worktrees.push(wt);
  return wt;
}

/**
 * What every mode must keep, once init's files are committed: the team's hook refuses in the main
 * and a linked worktree, and agent-guard refuses an agent's stray file there.
 */
function expectBothHooksHold(teamMessage: RegExp, { inScope = true } = {}) {
  repo.commitAll('agent-guard init');
  const human = commit(repo.path, 'notes.txt', 'TODO: later\n');
  expect(human.code, human.output).not.toBe(0);
  expect(human.output).toMatch(teamMessage);
  const wt = linkedAgentWorktree();
  const todo = commit(wt, 'web/todo.ts', '// TODO\n');
  expect(todo.code, todo.output).not.toBe(0);
  expect(todo.output).toMatch(teamMessage);
  const stray = commit(wt, 'api/x.ts', 'x\n');
  expect(stray.code).not.toBe(0);
  expect(stray.output).toContain('not allowed for agent "web"');
  expect(stray.output).toContain('out of scope  api/x.ts');
  if (inScope) expect(commit(wt, 'web/fine.ts', 'fine\n').code).toBe(0);
  return wt;
}

/** init, uninstall: git's config and the tree as before, byte for byte; init again: as the first init left them. */
function expectUninstallRestores(before: Record<string, string>, afterInit: Record<string, string> | null, initArgs: string[] = [], installedByManager: string[] = []) {
  for (const wt of worktrees.splice(0)) git(repo.path, 'worktree', 'remove', '--force', wt);
  git(repo.path, 'branch', '-D', 'agent/web');
  const undone = run(repo.path, ['uninstall'], env);
  expect(undone.code, undone.stderr).toBe(0);
  const state = () => {
    const now = repoState(repo.path);
    for (const file of installedByManager) delete now[file];
    return now;
  };
  for (const file of installedByManager) {
    delete before[file];
    delete afterInit?.[file];
  }
  expect(state()).toEqual(before);
  if (afterInit === null) return;
  expect(run(repo.path, ['init', ...initArgs], env).code).toBe(0);
  expect(state()).toEqual(afterInit);
}

describe.skipIf(!hasPreCommit)('the pre-commit framework (install it, e.g. apt-get install pre-commit, for these tests)', () => {
  it('runs agent-guard as one of its hooks: its own hooks still refuse, pre-commit install still works, uninstall restores', () => {
    const config = `# the team's hooks\nrepos:\n  - repo: local\n    hooks:\n      - id: no-todo   # keep this one\n        name: no TODO\n        entry: sh -c '${NO_TODO}'\n        language: system\n        pass_filenames: false\n`;
    teamRepo({ '.pre-commit-config.yaml': config, ...COPIED });
    expect(runToEnd('pre-commit', ['install', '-t', 'pre-commit', '-t', 'pre-push'], { cwd: repo.path, env }).status).toBe(0);
    const before = repoState(repo.path);

    const init = run(repo.path, ['init'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('pre-commit mode: .pre-commit-config.yaml is here');
    const edited = readFileSync(join(repo.path, '.pre-commit-config.yaml'), 'utf8');
    // lines inserted after the team's last item: every byte of theirs stays
    expect(edited.startsWith(config)).toBe(true);
    expect(edited.slice(config.length).startsWith('  # agent-guard: managed by')).toBe(true);
    expect(edited).toContain('# keep this one');
    expect(git(repo.path, 'config', 'core.hooksPath').stdout).toBe('');
    expect(existsSync(join(repo.path, '.husky'))).toBe(false);
    // pre-commit stays the installer; init's next steps name its post-checkout hook too
    expect(init.stdout).toContain('pre-commit install --hook-type pre-commit --hook-type pre-push --hook-type post-checkout');
    // the team installed pre-commit and pre-push only: doctor says what a new worktree then misses
    expect(run(repo.path, ['doctor'], env).stdout).toContain("FAIL  post-checkout: .git/hooks/post-checkout is not the pre-commit framework's hook, so a plain `git worktree add` gets none of the ignored files");
    const reinstall = runToEnd('pre-commit', ['install', '-t', 'pre-commit', '-t', 'pre-push', '-t', 'post-checkout'], { cwd: repo.path, env });
    expect(reinstall.status, reinstall.stderr).toBe(0);
    expect(run(repo.path, ['doctor'], env).stdout).toContain("ok    post-checkout: git runs the pre-commit framework's hook in .git/hooks");
    expectIgnoredCopied(expectBothHooksHold(/no TODO\.+Failed/, { inScope: false }));
    expectUninstallRestores(before, null, [], ['.git/hooks/post-checkout']);
  });

  it('refuses a broken config, naming the file and line, and writes nothing', () => {
    teamRepo({ '.pre-commit-config.yaml': 'repos:\n  - repo: local\n    hooks: [\n' });
    const before = repoState(repo.path);
    const result = run(repo.path, ['init'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.pre-commit-config\.yaml line \d+ is not valid YAML/);
    expect(repoState(repo.path)).toEqual(before);
  });
});

describe('lefthook', () => {
  it('runs agent-guard as a command in pre-commit and pre-push; its own commands still refuse; uninstall restores', () => {
    const config = `# the team's hooks\npre-commit:\n  commands:\n    no-todo:\n      run: "${NO_TODO}"\n`;
    teamRepo({ 'lefthook.yml': config, ...COPIED });
    expect(runToEnd(LEFTHOOK, ['install'], { cwd: repo.path, env }).status).toBe(0);
    const before = repoState(repo.path);
    const init = run(repo.path, ['init'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('lefthook mode');
    const edited = readFileSync(join(repo.path, 'lefthook.yml'), 'utf8');
    expect(edited.startsWith(config)).toBe(true);
    expect(edited).toMatch(/\npre-push:\n {2}commands:\n {4}agent-guard:\n/);
    expect(runToEnd(LEFTHOOK, ['install'], { cwd: repo.path, env }).status).toBe(0);
    const afterInit = repoState(repo.path);
    expectIgnoredCopied(expectBothHooksHold(/no-todo/, { inScope: false }));
    // lefthook's own install wrote .git/hooks/pre-push and post-checkout for the sections init added, and
    // lefthook keeps its checksum of the config: the installer's files, not agent-guard's
    expectUninstallRestores(before, afterInit, [], ['.git/hooks/pre-push', '.git/hooks/post-checkout', '.git/info/lefthook.checksum']);
  });
});

describe('an installer that sets core.hooksPath after init, in a hook manager\'s mode', () => {
  it("is named by doctor (git no longer runs the manager's hooks) and undone by doctor --fix; the hooks hold again", () => {
    teamRepo({ 'lefthook.yml': `pre-commit:\n  commands:\n    no-todo:\n      run: "${NO_TODO}"\n` });
    expect(run(repo.path, ['init'], env).code).toBe(0);
    expect(runToEnd(LEFTHOOK, ['install'], { cwd: repo.path, env }).status).toBe(0);
    git(repo.path, 'config', 'core.hooksPath', '.husky/_'); // what husky's prepare script sets
    const doctor = run(repo.path, ['doctor'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain("FAIL  core.hooksPath is .husky/_: git runs the hooks there, not lefthook's in .git/hooks");
    const fixed = run(repo.path, ['doctor', '--fix'], env);
    expect(fixed.stdout).toContain('fixed core.hooksPath (.husky/_) unset in .git/config');
    expect(git(repo.path, 'config', 'core.hooksPath').stdout).toBe('');
    expect(run(repo.path, ['doctor'], env).stdout).not.toContain('FAIL  core.hooksPath');
    expectBothHooksHold(/no-todo/, { inScope: false });
  });
});

describe('simple-git-hooks as the installer (its own mode)', () => {
  it("gets agent-guard's line first in its commands; its next install writes it into the hooks, which hold; uninstall restores", () => {
    const noTodo = 'if git diff --cached -U0 | grep -q TODO; then echo "team hook: no TODO" >&2; exit 1; fi';
    teamRepo({ 'package.json': JSON.stringify({ name: 'team', 'simple-git-hooks': { 'pre-commit': noTodo } }, null, 2) + '\n', ...COPIED });
    expect(runToEnd(SIMPLE_GIT_HOOKS, [], { cwd: repo.path, env }).status).toBe(0); // the team's install, before agent-guard
    const before = repoState(repo.path);
    const init = run(repo.path, ['init'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('simple-git-hooks mode');
    const commands = JSON.parse(readFileSync(join(repo.path, 'package.json'), 'utf8'))['simple-git-hooks'];
    const [ours, theirs] = commands['pre-commit'].split('\n');
    expect(ours).toMatch(/agent-guard\/linked-hooks.* pre-commit \|\| exit 1$/);
    expect(theirs).toBe(noTodo);
    expect(commands['pre-push']).toMatch(/agent-guard\/linked-hooks.* pre-push "\$1" "\$2" \|\| exit 1$/);
    expect(git(repo.path, 'config', 'core.hooksPath').stdout).toBe('');
    // the hooks in .git/hooks still hold the commands of the install before init: doctor says so
    const doctor = run(repo.path, ['doctor'], env);
    expect(doctor.stdout).toContain("FAIL  pre-commit: .git/hooks/pre-commit was not written by simple-git-hooks from a config with agent-guard's line");
    expect(doctor.stdout).toContain('run `npx simple-git-hooks`');
    expect(runToEnd(SIMPLE_GIT_HOOKS, [], { cwd: repo.path, env }).status).toBe(0); // the team's next install
    expect(run(repo.path, ['doctor'], env).stdout).not.toMatch(/FAIL {2}pre-(commit|push):/);
    const afterInit = repoState(repo.path);
    expectIgnoredCopied(expectBothHooksHold(/team hook: no TODO/, { inScope: false }));
    // the hooks simple-git-hooks wrote are its own files: its next run after uninstall writes them without agent-guard
    expectUninstallRestores(before, null, [], ['.git/hooks/pre-commit', '.git/hooks/pre-push', '.git/hooks/post-checkout']);
    expect(afterInit['package.json']).not.toBe(before['package.json']);
  });
});

describe('simple-git-hooks run again after a husky-mode init (as the team\'s next install runs it)', () => {
  it("writes into husky's folder, where git no longer looks: doctor names the hook, doctor --fix has agent-guard's hooks run it after their check", () => {
    const noTodo = 'if git diff --cached -U0 | grep -q TODO; then echo "team hook: no TODO" >&2; exit 1; fi';
    teamRepo({ 'package.json': JSON.stringify({ name: 'team', 'simple-git-hooks': { 'pre-commit': noTodo } }, null, 2) + '\n' });
    // husky mode, chosen by hand: simple-git-hooks does not know about it and writes where its config points
    const init = run(repo.path, ['init', '--hooks', 'husky'], env);
    expect(init.code, init.stderr).toBe(0);
    const installer = runToEnd(SIMPLE_GIT_HOOKS, [], { cwd: repo.path, env });
    expect(installer.status, installer.stdout + installer.stderr).toBe(0);
    const doctor = run(repo.path, ['doctor'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('FAIL  .husky/_/pre-commit (simple-git-hooks) does not run');
    const fixed = run(repo.path, ['doctor', '--fix'], env);
    expect(fixed.stdout).toContain("fixed .husky/_/pre-commit: agent-guard's hooks run it after their check");
    expect(run(repo.path, ['doctor'], env).stdout).not.toContain('.husky/_/pre-commit (simple-git-hooks) does not run');
    expectBothHooksHold(/team hook: no TODO/, { inScope: false });
  });
});

describe('hooks in .git/hooks and in a committed hooks folder', () => {
  it('chains a plain .git/hooks script after agent-guard (husky mode), pre-push with its lines; uninstall restores', () => {
    teamRepo({ 'package.json': '{ "name": "team" }\n' });
    writeFileSync(join(repo.path, '.git/hooks/pre-commit'), NO_TODO_SCRIPT, { mode: 0o755 });
    writeFileSync(join(repo.path, '.git/hooks/pre-push'), '#!/bin/sh\ncat > "$(git rev-parse --git-common-dir)/pushed-lines"\n', { mode: 0o755 });
    const before = repoState(repo.path);
    const init = run(repo.path, ['init'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('.git/hooks/pre-commit (other), .git/hooks/pre-push (other): they keep running');
    const afterInit = repoState(repo.path);
    const wt = expectBothHooksHold(/team hook: no TODO/);
    const remote = join(repo.path, '.git', 'remote.git');
    git(repo.path, 'init', '-q', '--bare', remote);
    expect(git(wt, 'push', '-q', remote, 'agent/web').code).toBe(0);
    expect(readFileSync(join(repo.path, '.git', 'pushed-lines'), 'utf8')).toMatch(/^refs\/heads\/agent\/web [0-9a-f]{40} refs\/heads\/agent\/web 0{40}\n$/);
    git(repo.path, 'worktree', 'remove', '--force', wt);
    worktrees.splice(0);
    git(repo.path, 'branch', '-D', 'agent/web');
    expect(run(repo.path, ['uninstall'], env).code).toBe(0);
    const { 'git config -l': _c, ...restored } = repoState(repo.path);
    const { 'git config -l': _b, ...expected } = before;
    expect({ ...restored, '.git/pushed-lines': undefined }).toEqual({ ...expected, '.git/pushed-lines': undefined });
    expect(_c).toBe(_b);
    expect(run(repo.path, ['init'], env).code).toBe(0);
    expect(repoState(repo.path)['.husky/pre-commit']).toBe(afterInit['.husky/pre-commit']);
  });

  it('--hooks git: no husky files; a committed .githooks folder (core.hooksPath) keeps running; uninstall restores', () => {
    teamRepo({ '.githooks/pre-commit': NO_TODO_SCRIPT }, ['.githooks/pre-commit']);
    git(repo.path, 'config', 'core.hooksPath', '.githooks');
    const before = repoState(repo.path);
    const init = run(repo.path, ['init', '--hooks', 'git'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('core.hooksPath is set (local) to .githooks: its hooks keep running');
    expect(existsSync(join(repo.path, '.husky'))).toBe(false);
    expect(existsSync(join(repo.path, 'package.json'))).toBe(false);
    const afterInit = repoState(repo.path);
    expectBothHooksHold(/team hook: no TODO/);
    expectUninstallRestores(before, afterInit, ['--hooks', 'git']);
  });

  it('keeps a global core.hooksPath running, and says so', () => {
    const globalHooks = mkdtempSync(join(tmpdir(), 'ag-global-hooks-'));
    writeFileSync(join(globalHooks, 'pre-commit'), NO_TODO_SCRIPT, { mode: 0o755 });
    const globalConfig = join(globalHooks, 'gitconfig');
    writeFileSync(globalConfig, `[core]\n\thooksPath = ${globalHooks}\n`);
    const withGlobal = { ...env, GIT_CONFIG_GLOBAL: globalConfig };
    teamRepo({});
    const init = run(repo.path, ['init'], withGlobal);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(`core.hooksPath is set (global) to ${globalHooks}: its hooks keep running`);
    writeFileSync(join(repo.path, 'notes.txt'), 'TODO\n');
    tryGit(repo.path, ['add', 'notes.txt'], withGlobal);
    const result = tryGit(repo.path, ['commit', '-m', 'todo'], withGlobal);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('team hook: no TODO');
  });
});

describe('husky in charge before agent-guard, and doctor', () => {
  it("keeps the team's .husky script refusing in the main and a linked worktree; doctor names a shadowed .git/hooks script, --fix makes it run, deleting nothing", () => {
    const NO_FIXME = 'if git diff --cached -U0 | grep -q FIXME; then echo "team husky hook: no FIXME" >&2; exit 1; fi\n';
    teamRepo({ 'package.json': '{ "name": "team" }\n', '.husky/pre-commit': NO_FIXME });
    // husky was in charge before agent-guard, with a git-lfs hook left in .git/hooks that git no longer ran
    git(repo.path, 'config', 'core.hooksPath', '.husky/_');
    const lfs = join(repo.path, '.git/hooks/pre-commit');
    writeFileSync(lfs, `#!/bin/sh\ncommand -v git-lfs >/dev/null || true # git lfs pre-commit\n${NO_TODO_SCRIPT.slice(10)}`, { mode: 0o755 });
    expect(run(repo.path, ['init'], env).stdout).toContain('husky mode: husky is in use here');
    repo.commitAll('agent-guard init');
    const wt = linkedAgentWorktree();
    for (const cwd of [repo.path, wt]) expect(commit(cwd, 'web/fixme.ts', 'FIXME\n').output).toContain('team husky hook: no FIXME');

    const doctor = run(repo.path, ['doctor'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('.git/hooks/pre-commit (git-lfs) does not run: core.hooksPath is');
    expect(commit(repo.path, 'notes.txt', 'TODO\n').code).toBe(0);

    const fixed = run(repo.path, ['doctor', '--fix'], env);
    expect(fixed.stdout).toContain("fixed .git/hooks/pre-commit: agent-guard's hooks run it after their check");
    expect(fixed.stdout).not.toContain('(git-lfs) does not run');
    expect(readFileSync(lfs, 'utf8')).toContain('git lfs');
    for (const cwd of [repo.path, wt]) expect(commit(cwd, 'web/more-notes.txt', 'TODO\n').output).toContain('team hook: no TODO');
  });
});
