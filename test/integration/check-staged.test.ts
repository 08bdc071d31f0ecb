import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, runJson } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

const config = {
  shared: ['package-lock.json'],
  protected: ['.github/**'],
  agents: {
    orders: { scope: ['src/orders/**', 'test/orders/**', '!src/orders/legacy/**'] },
    web: { scope: ['web/**'] },
  },
};

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  repo.config(config);
  repo.write('src/orders/a.ts');
  repo.write('src/orders/legacy/old.ts');
  repo.write('web/page.ts');
  repo.commitAll('base');
  repo.git('checkout', '-q', '-b', 'agent/orders');
});
afterEach(() => repo.remove());

const stagedAs = (...args: string[]) => runJson(repo.path, ['check', '--staged', ...args]);

describe('check --staged', () => {
  it('passes an in-scope change and says so', () => {
    repo.write('src/orders/b.ts');
    repo.git('add', '-A');
    const result = run(repo.path, ['check', '--staged']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 staged change checked for agent "orders": all inside its scope');
  });

  it('refuses an out-of-scope file with the agent, scope, rule and next step', () => {
    repo.write('web/page.ts', 'changed\n');
    repo.git('add', '-A');
    const result = run(repo.path, ['check', '--staged']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/out of scope\s+web\/page\.ts/);
    expect(result.stdout).toContain('belongs to "web"');
    expect(result.stdout).toContain('Scope of "orders": src/orders/**, test/orders/**, !src/orders/legacy/**');
    expect(result.stdout).toContain('git reset -q -- web/page.ts');
    expect(result.stderr).toBe('');
  });

  it('applies ! excludes, shared and protected', () => {
    repo.write('src/orders/legacy/old.ts', 'x\n');
    repo.write('package-lock.json', '{}\n');
    repo.write('.github/workflows/ci.yml', 'on: push\n');
    repo.write('agent-guard.config.json', JSON.stringify({ agents: { orders: { scope: ['**'] } } }));
    repo.git('add', '-A');
    const { code, json } = stagedAs();
    expect(code).toBe(1);
    expect(json.violations).toEqual([
      { path: '.github/workflows/ci.yml', reason: 'protected', commit: null, oldPath: null },
      { path: 'agent-guard.config.json', reason: 'protected', commit: null, oldPath: null },
      { path: 'src/orders/legacy/old.ts', reason: 'out-of-scope', commit: null, oldPath: null },
    ]);
  });

  it('refuses a deletion outside scope', () => {
    repo.git('rm', '-q', 'web/page.ts');
    expect(stagedAs().json.violations).toEqual([{ path: 'web/page.ts', reason: 'out-of-scope', commit: null, oldPath: null }]);
  });

  it('refuses a commit that renames a file out of another agent\'s scope into its own', () => {
    repo.git('mv', 'web/page.ts', 'src/orders/page.ts');
    const { code, json } = stagedAs();
    expect(code).toBe(1);
    expect(json.violations).toEqual([{ path: 'web/page.ts', reason: 'out-of-scope', commit: null, oldPath: null }]);
  });

  it('refuses a rename from its own scope to outside it, naming the source', () => {
    repo.git('mv', 'src/orders/a.ts', 'web/a.ts');
    expect(stagedAs().json.violations).toEqual([{ path: 'web/a.ts', reason: 'out-of-scope', commit: null, oldPath: 'src/orders/a.ts' }]);
  });

  it('handles spaces, quotes, newlines, unicode and leading dashes exactly', () => {
    const names = ['src/orders/a b.ts', "src/orders/it's \"q\".ts", 'src/orders/new\nline.ts', 'src/orders/ünï日本.ts', 'src/orders/-dash.ts'];
    const outside = ['web/a b.ts', 'web/new\nline.ts', '-top.ts', 'wéb.ts'];
    for (const name of [...names, ...outside]) repo.write(name, 'x\n');
    repo.git('add', '-A');
    const { json } = stagedAs();
    expect(json.checked).toBe(names.length + outside.length);
    expect(json.violations.map((v: { path: string }) => v.path).sort()).toEqual([...outside].sort());
  });

  it('checks the first commit of a repository with no HEAD yet', () => {
    const fresh = makeRepo();
    try {
      fresh.git('checkout', '-q', '-b', 'agent/web');
      fresh.config({ agents: { web: { scope: ['web/**'] } } });
      fresh.write('web/a.ts');
      fresh.git('add', 'web/a.ts');
      expect(run(fresh.path, ['check', '--staged']).code).toBe(0);
      fresh.git('add', '-A');
      const { code, json } = runJson(fresh.path, ['check', '--staged']);
      expect(code).toBe(1);
      expect(json.violations).toEqual([{ path: 'agent-guard.config.json', reason: 'protected', commit: null, oldPath: null }]);
      // the unstage command the refusal names works with no HEAD too (git restore --staged does not)
      const unstage = run(fresh.path, ['check', '--staged']).stdout.match(/Unstage them and leave those files alone: (.+)/)![1]!;
      expect(unstage).toBe('git reset -q -- agent-guard.config.json');
      expect(tryGit(fresh.path, unstage.split(' ').slice(1)).code).toBe(0);
      expect(fresh.git('diff', '--cached', '--name-only')).toBe('web/a.ts\n');
      expect(existsSync(join(fresh.path, 'agent-guard.config.json'))).toBe(true);
    } finally {
      fresh.remove();
    }
  });

  it('leaves a human checkout unrestricted', () => {
    repo.git('checkout', '-q', 'main');
    repo.write('anything.ts');
    repo.write('agent-guard.config.json', JSON.stringify(config));
    repo.git('add', '-A');
    const result = runJson(repo.path, ['check', '--staged']);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ ok: true, agent: null });
  });

  it('takes the identity from --agent and AGENT_GUARD_AGENT before the branch', () => {
    repo.write('web/page.ts', 'y\n');
    repo.git('add', '-A');
    expect(stagedAs('--agent', 'web').code).toBe(0);
    expect(runJson(repo.path, ['check', '--staged'], { AGENT_GUARD_AGENT: 'web' }).code).toBe(0);
    expect(stagedAs().code).toBe(1);
  });

  it('exits 2 for an unknown agent instead of letting it through', () => {
    const result = run(repo.path, ['check', '--staged', '--agent', 'ghost']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown agent "ghost"');
    repo.git('checkout', '-q', '-b', 'agent/ghost');
    expect(run(repo.path, ['check', '--staged']).code).toBe(2);
  });

  it('prints github annotations', () => {
    repo.write('web/a,b.ts');
    repo.git('add', '-A');
    const result = run(repo.path, ['check', '--staged', '--format', 'github']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe('::error file=web/a%2Cb.ts::Outside the scope of agent "orders". It belongs to agent "web".');
  });

  it('prints a GitLab Code Quality report whose fingerprints stay the same from run to run', () => {
    repo.write('web/a.ts');
    repo.git('add', '-A');
    const first = run(repo.path, ['check', '--staged', '--format', 'gitlab']);
    expect(first.code).toBe(1);
    const issues = JSON.parse(first.stdout);
    expect(issues).toEqual([
      {
        description: 'web/a.ts: Outside the scope of agent "orders". It belongs to agent "web". Scope of "orders": src/orders/**, test/orders/**, !src/orders/legacy/**.',
        check_name: 'agent-guard/out-of-scope',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: 'major',
        location: { path: 'web/a.ts', lines: { begin: 1 } },
      },
    ]);
    expect(JSON.parse(run(repo.path, ['check', '--staged', '--format', 'gitlab']).stdout)[0].fingerprint).toBe(issues[0].fingerprint);
  });

  it('prints SARIF for code scanning: the path of a violation as its location, the version of this package; an unknown format lists the known ones', () => {
    const path = 'web/a "b" ü.ts';
    repo.write(path);
    repo.git('add', '-A');
    const result = run(repo.path, ['check', '--staged', '--format', 'sarif']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    expect(log.runs[0].tool.driver.version).toBe(JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version);
    expect(log.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [r.ruleId, decodeURIComponent(r.locations[0]!.physicalLocation.artifactLocation.uri)])).toEqual([['out-of-scope', path]]);
    const unknown = run(repo.path, ['check', '--staged', '--format', 'xml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/text.*json.*github.*gitlab.*sarif/);
  });
});
