import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, runJson } from '../helpers/cli.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

const agents = { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } };
const ciEnv = { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_HEAD_REF: 'agent/orders', GITHUB_BASE_REF: 'main' };

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
  repo.write('src/orders/a.ts');
  repo.write('web/page.ts');
});
afterEach(() => repo.remove());

/** What actions/checkout leaves: a detached HEAD at the PR's head commit. */
function detachAtHead() {
  repo.git('checkout', '-q', '--detach', 'agent/orders');
}

const pathsOf = (json: { violations: { path: string }[] }) => json.violations.map((v) => v.path);

describe('check in CI', () => {
  it('takes the agent from GITHUB_HEAD_REF on a detached checkout', () => {
    repo.config({ agents });
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 'agent/orders');
    repo.write('web/page.ts', 'stray\n');
    repo.commitAll('stray');
    detachAtHead();
    const { code, json } = runJson(repo.path, ['check', '--base', 'main'], ciEnv);
    expect(code).toBe(1);
    expect(json.agent).toBe('orders');
    expect(pathsOf(json)).toEqual(['web/page.ts']);
    expect(runJson(repo.path, ['check', '--base', 'main'], { ...ciEnv, GITHUB_HEAD_REF: 'fix/typo' }).json.agent).toBeNull();
  });

  it("takes the agent from GitLab's merge request source branch, and init --ci gitlab includes its job in .gitlab-ci.yml", () => {
    repo.config({ agents });
    repo.write('.gitlab-ci.yml', '# our pipeline\nstages: [build, test]\nbuild:\n  stage: build\n  script: [make]\n');
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 'agent/orders');
    repo.write('web/page.ts', 'stray\n');
    repo.commitAll('stray');
    detachAtHead();
    const gitlab = { CI: 'true', GITLAB_CI: 'true', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'agent/orders', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' };
    const { code, json } = runJson(repo.path, ['check', '--base', 'main'], gitlab);
    expect([code, json.agent, pathsOf(json)]).toEqual([1, 'orders', ['web/page.ts']]);

    repo.git('checkout', '-q', 'main');
    expect(run(repo.path, ['init', '--ci', 'gitlab']).code).toBe(0);
    const pipeline = readFileSync(join(repo.path, '.gitlab-ci.yml'), 'utf8');
    expect(pipeline).toBe('# our pipeline\ninclude:\n  - local: .gitlab/agent-guard.gitlab-ci.yml\nstages: [build, test]\nbuild:\n  stage: build\n  script: [make]\n');
    const job = readFileSync(join(repo.path, '.gitlab/agent-guard.gitlab-ci.yml'), 'utf8');
    expect(job).toContain('--format gitlab > gl-code-quality-report.json');
    expect(job).toContain('codequality: gl-code-quality-report.json');
    expect(run(repo.path, ['init', '--ci', 'gitlab']).stdout).toContain('unchanged    .gitlab-ci.yml');
  });

  it('still fails a branch that widens its own scope in the config', () => {
    repo.config({ agents });
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 'agent/orders');
    repo.config({ agents: { ...agents, orders: { scope: ['**'] } } });
    repo.write('web/page.ts', 'stray\n');
    repo.commitAll('widen and stray');
    detachAtHead();
    const { code, json } = runJson(repo.path, ['check', '--base', 'main'], ciEnv);
    expect(code).toBe(1);
    expect(json.violations.map((v: { path: string; reason: string }) => [v.path, v.reason])).toEqual([
      ['agent-guard.config.json', 'protected'],
      ['web/page.ts', 'out-of-scope'],
    ]);
  });

  it('--range in a CI checkout with no local base branch trusts the config on origin/BASE, not the branch\'s', () => {
    repo.config({ agents });
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 'agent/orders');
    const before = repo.git('rev-parse', 'HEAD').trim();
    repo.config({ agents: { ...agents, orders: { scope: ['**'] } } });
    repo.write('web/page.ts', 'stray\n');
    repo.commitAll('widen and stray');
    // what a push pipeline has: the pushed branch checked out, the base only as origin's
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    repo.git('branch', '-q', '-D', 'main');
    const { code, json } = runJson(repo.path, ['check', '--range', `${before}..HEAD`], { CI: 'true' });
    expect(code).toBe(1);
    expect(pathsOf(json)).toEqual(['agent-guard.config.json', 'web/page.ts']);
  });

  it('never executes a JS config from the branch being checked', () => {
    repo.config({ agents });
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 'agent/orders');
    repo.git('rm', '-q', 'agent-guard.config.json');
    const marker = join(repo.path, '..', `pwned-${Date.now()}`);
    repo.write(
      'agent-guard.config.mjs',
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { agents: { orders: { scope: ['**'] } } };\n`,
    );
    repo.write('web/page.ts', 'stray\n');
    repo.commitAll('swap config for code');
    detachAtHead();
    const { code, json } = runJson(repo.path, ['check', '--base', 'main'], ciEnv);
    expect(existsSync(marker)).toBe(false);
    expect(code).toBe(1);
    expect(pathsOf(json)).toEqual(expect.arrayContaining(['agent-guard.config.json', 'agent-guard.config.mjs', 'web/page.ts']));
    rmSync(marker, { force: true });
  });

  it('reads a JS config committed on the base ref', () => {
    repo.write('agent-guard.config.mjs', `export default ${JSON.stringify({ agents })};\n`);
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 'agent/orders');
    repo.write('agent-guard.config.mjs', `export default ${JSON.stringify({ agents: { orders: { scope: ['**'] } } })};\n`);
    repo.write('web/page.ts', 'stray\n');
    repo.commitAll('widen');
    detachAtHead();
    const { json } = runJson(repo.path, ['check', '--base', 'main'], ciEnv);
    expect(pathsOf(json)).toEqual(['agent-guard.config.mjs', 'web/page.ts']);
  });
});
