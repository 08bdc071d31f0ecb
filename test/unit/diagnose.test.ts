import { describe, expect, it } from 'vitest';
import { clientFindings } from '../../src/doctor/clients.js';
import { atLeast } from '../../src/clients/versions.js';
import { diagnose, type DoctorFacts, type HookFacts } from '../../src/doctor/diagnose.js';

const hook = (over: Partial<HookFacts> = {}): HookFacts => ({ dispatcher: true, runs: 'husky', sharedCurrent: null, script: true, block: true, current: true, ...over });
const facts = (hooks: Partial<HookFacts>, over: Partial<DoctorFacts> = {}): DoctorFacts => ({
  root: '/r',
  configProblem: null,
  configFile: 'agent-guard.config.json',
  branches: ['agent/{name}'],
  hooksPath: '/r/.git/agent-guard/linked-hooks',
  hooksDir: '/r/.git/agent-guard/linked-hooks',
  hookFiles: { 'pre-commit': hook(hooks), 'pre-push': hook(hooks) },
  entry: '/r/node_modules/agent-guard/dist/cjs/hook-entry.js',
  nodeOnGuiPath: '/usr/bin/node',
  recordedNode: null,
  missingWorktrees: [],
  linkedHooks: true,
  sandboxMissing: [],
  claudeSandbox: false,
  ...over,
});
const failures = (f: DoctorFacts) => diagnose(f).filter((x) => !x.ok).map((x) => x.what);

describe('diagnose: the hook git runs', () => {
  it('accepts the dispatcher in the git dir when it tests for the config\'s branches', () => {
    const found = diagnose(facts({ runs: 'shared', sharedCurrent: true }));
    expect(found.filter((x) => !x.ok)).toEqual([]);
    expect(found.map((x) => x.what)).toContain("pre-commit: git runs agent-guard's hook in /r/.git/agent-guard/linked-hooks (the git dir, out of the worktree's edits' reach), then .husky/pre-commit");
  });

  it('names a dispatcher written for other branches, and a .husky block clones would miss', () => {
    expect(failures(facts({ runs: 'shared', sharedCurrent: false }))).toContain(
      `pre-commit: agent-guard's hook in /r/.git/agent-guard/linked-hooks is out of date (the config's branches ["agent/{name}"] changed since it was written)`,
    );
    expect(failures(facts({ runs: 'shared', sharedCurrent: true, block: false }))).toEqual([
      'pre-commit: .husky/pre-commit does not call agent-guard',
      'pre-push: .husky/pre-push does not call agent-guard',
    ]);
  });

  it("takes a spawned worktree's own hook as it is, and husky's chain only with agent-guard's block", () => {
    expect(failures(facts({ runs: 'own', script: false, block: false }))).toEqual([]);
    expect(failures(facts({ runs: 'husky', current: false }))[0]).toContain('the agent-guard block in .husky/pre-commit is out of date');
    expect(failures(facts({ dispatcher: false }))[0]).toBe('pre-commit: no executable hook in /r/.git/agent-guard/linked-hooks from this worktree');
  });
});

describe('diagnose: hooks a manager runs, and hooks nothing runs', () => {
  it("in the pre-commit framework's mode, asks for its hooks and agent-guard's entry, not for core.hooksPath or .husky", () => {
    const manager = { installed: { 'pre-commit': true, 'pre-push': false }, configured: true, config: '.pre-commit-config.yaml' };
    const f = facts({ script: false, block: false }, { hookMode: 'pre-commit', manager, hooksPath: null, hooksDir: null, linkedHooks: false });
    expect(failures(f)).toEqual(["pre-push: .git/hooks/pre-push is not the pre-commit framework's hook, so agent-guard's check does not run on a push"]);
    expect(diagnose(f).find((x) => !x.ok)?.fix).toBe('run `pre-commit install --hook-type pre-commit --hook-type pre-push --hook-type post-checkout`');
    expect(failures(facts({}, { hookMode: 'lefthook', manager: { ...manager, installed: { 'pre-commit': true, 'pre-push': true }, configured: false, config: 'lefthook.yml' }, hooksPath: null }))).toEqual([
      "lefthook.yml does not run agent-guard's check",
    ]);
  });

  it('names a shadowed hook and what installed it, and a hook that is not executable', () => {
    const f = facts({ runs: 'shared', sharedCurrent: true }, { shadowed: [{ file: '.git/hooks/pre-push', kind: 'git-lfs', hooksPath: '.husky/_' }], notExecutable: ['.git/hooks/post-merge'] });
    expect(failures(f)).toEqual([
      '.git/hooks/pre-push (git-lfs) does not run: core.hooksPath is .husky/_, and no agent-guard hook runs it after its check',
      '.git/hooks/post-merge is not executable, so git does not run it (nor does agent-guard)',
    ]);
  });
});

describe("doctor: the agent clients' wiring and versions", () => {
  it('names a worktree a client does not guard, a trust the client lacks, and a client too old to deny', () => {
    const wiring = { client: 'codex' as const, agent: 'web', worktree: '/r.agents/web' };
    const found = clientFindings([{ ...wiring, wired: true, trusted: true }, { ...wiring, client: 'gemini', wired: true, trusted: false }, { ...wiring, client: 'copilot', wired: false, trusted: null }], [{ client: 'codex', version: 'codex-cli 0.118.2' }, { client: 'gemini', version: '0.61.0' }, { client: 'copilot', version: null }]);
    expect(found.map((f) => [f.ok, f.what])).toEqual([
      [true, 'codex: agent "web"\'s worktree runs agent-guard before every tool call (trusted)'],
      [false, 'gemini: agent "web"\'s worktree or agent-guard\'s hook is not trusted by gemini, which then skips the hook without a word'],
      [false, 'copilot: agent "web"\'s worktree does not run agent-guard\'s guard (/r.agents/web)'],
      [false, 'codex codex-cli 0.118.2 is older than 0.124.0, whose hooks can deny a tool call; the commit hooks still hold'],
      [true, 'gemini 0.61.0 has the hooks agent-guard needs'],
    ]);
    expect([atLeast('1.0.102', '1.0.57'), atLeast('2.1.9', '2.1.69'), atLeast('v3', '2')]).toEqual([true, false, true]);
  });
});
