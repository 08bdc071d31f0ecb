import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/env.js';
import { runAction } from '../helpers/github-action.js';
import { repoAt, type TestRepo } from '../helpers/repo.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

// The action's `version` input is this checkout: as a package spec (file:…, like a version or a
// tarball) npm exec installs and runs its bin, the way a runner runs the published package; as a
// folder, the action runs its built bin without npm (each npm start costs about a second).
describe('the GitHub Action (action.yml), on a shallow clone of this repository\'s own history', () => {
  let github: string; // the stand-in for github.com: a bare repository with refs/pull/N/…
  let work: TestRepo;
  const shas: Record<string, string> = {};

  beforeAll(() => {
    github = mkdtempSync(join(tmpdir(), 'ag-github-'));
    execFileSync('git', ['clone', '-q', '--bare', '--no-tags', projectRoot, join(github, 'repo.git')], { env: cleanEnv() });
    work = repoAt(mkdtempSync(join(tmpdir(), 'ag-work-')));
    work.git('clone', '-q', join(github, 'repo.git'), '.');
    work.git('config', 'user.name', 'Test User');
    work.git('config', 'user.email', 'test@example.com');
    work.git('checkout', '-q', '-B', 'main');
    work.config({ agents: { docs: { scope: ['docs/**'] }, tests: { scope: ['test/**'] } } });
    work.commitAll('agent-guard config');
    const fork = work.git('rev-parse', 'HEAD').trim();
    for (const [branch, files] of [['agent/docs', ['docs/one.md', 'docs/two.md']], ['agent/tests', ['test/a.test.ts', 'src/cli/check.ts']]] as const) {
      work.git('checkout', '-q', '-b', branch, fork);
      shas[`${branch}~`] = fork;
      for (const file of files) {
        work.write(file, `${file} changed by ${branch}\n`);
        work.commitAll(`change ${file}`);
      }
    }
    work.git('checkout', '-q', 'main');
    for (let i = 0; i < 3; i++) {
      work.write(`README.md`, `moved on ${i}\n`);
      work.commitAll(`base moves on ${i}`);
    }
    // GitHub's test merge of each pull request into its base: refs/pull/N/merge.
    for (const [n, branch] of [[1, 'agent/docs'], [2, 'agent/tests']] as const) {
      work.git('checkout', '-q', '--detach', 'main');
      work.git('merge', '-q', '--no-ff', '-m', `Merge ${branch} into main`, branch);
      shas[`pull/${n}`] = work.git('rev-parse', 'HEAD').trim();
      work.git('push', '-q', 'origin', `HEAD:refs/pull/${n}/merge`, `${branch}:refs/pull/${n}/head`);
    }
    work.git('push', '-q', 'origin', 'main', 'agent/docs', 'agent/tests');
    shas['agent/tests'] = work.git('rev-parse', 'agent/tests').trim();
  }, 60_000);
  afterAll(() => {
    work?.remove();
    rmSync(github, { recursive: true, force: true });
  });

  /** What actions/checkout does with its default fetch-depth 1: one commit, detached (a pull request) or on its branch (a push). */
  function checkout(ref: string, sha: string): string {
    const workspace = mkdtempSync(join(tmpdir(), 'ag-workspace-'));
    const ws = repoAt(workspace);
    ws.git('init', '-q');
    ws.git('remote', 'add', 'origin', pathToFileURL(join(github, 'repo.git')).href);
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
    const into = branch ? `refs/remotes/origin/${branch}` : `refs/remotes/${ref.slice('refs/'.length)}`;
    ws.git('-c', 'protocol.version=2', 'fetch', '--no-tags', '--prune', '--no-recurse-submodules', '--depth=1', 'origin', `+${sha}:${into}`);
    if (branch) ws.git('checkout', '-q', '--force', '-B', branch, into);
    else ws.git('checkout', '-q', '--force', into);
    expect(ws.git('rev-parse', '--is-shallow-repository').trim()).toBe('true');
    return workspace;
  }

  const pullRequest = (n: number, head: string, inputs: Record<string, string> = {}) => {
    const workspace = checkout(`refs/pull/${n}/merge`, shas[`pull/${n}`]!);
    const event = { number: n, pull_request: { number: n, head: { ref: head }, base: { ref: 'main' } } };
    const env = { GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: head, GITHUB_REF: `refs/pull/${n}/merge`, GITHUB_SHA: shas[`pull/${n}`]! };
    return { workspace, result: runAction({ actionPath: projectRoot, workspace, inputs: { version: projectRoot, ...inputs }, eventName: 'pull_request', event, env }) };
  };

  it('passes a pull request whose commits stay in scope, after fetching the base its depth-1 checkout lacks', () => {
    const { workspace, result } = pullRequest(1, 'agent/docs', { version: `file:${projectRoot}` }); // through npm exec
    expect(result.steps.map((s) => [s.name, s.code])).toEqual([
      ['Fetch the base and enough history to find the merge-base', 0],
      ["Check that every change stays inside its agent's scope", 0],
    ]);
    expect(result.outputs.history).toEqual({ depth: '50', base: 'origin/main', range: '' });
    expect(result.steps[1]!.output).toContain('all inside its scope');
    expect(result.code).toBe(0);
    rmSync(workspace, { recursive: true, force: true });
  });

  it('fails one that leaves its scope: as SARIF, hands the report to the upload step and then fails with one error line per result', () => {
    const sarif = pullRequest(2, 'agent/tests', { format: 'sarif' });
    expect(sarif.result.steps.map((s) => [s.name, s.code])).toEqual([
      ['Fetch the base and enough history to find the merge-base', 0],
      ["Check that every change stays inside its agent's scope", 0],
      ['Upload the report to code scanning', null],
      ['Fail on a change outside the scope', 1],
    ]);
    expect(sarif.result.steps[3]!.output).toContain('::error title=agent-guard out-of-scope::src/cli/check.ts, modified in commit');
    const file = sarif.result.outputs.check!['sarif-file']!;
    expect(sarif.result.steps[2]!.uses).toEqual({ action: 'github/codeql-action/upload-sarif@v3', with: { sarif_file: file, category: 'agent-guard' } });
    const log = JSON.parse(readFileSync(file, 'utf8'));
    expect(log.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([['out-of-scope', 'src/cli/check.ts']]);
    rmSync(sarif.workspace, { recursive: true, force: true });
  });

  it('refuses a pull_request_target run on the base checkout (its default) instead of passing it', () => {
    const main = work.git('rev-parse', 'origin/main').trim();
    const workspace = checkout('refs/heads/main', main);
    const result = runAction({
      actionPath: projectRoot,
      workspace,
      inputs: { version: projectRoot },
      eventName: 'pull_request_target',
      event: { number: 2, pull_request: { number: 2, head: { ref: 'agent/tests', sha: shas['agent/tests'] }, base: { ref: 'main', sha: main } } },
      env: { GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'agent/tests', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: main },
    });
    expect(result.code).toBe(2);
    expect(result.steps[0]!.output).toContain('Check out its head: actions/checkout with ref set to github.event.pull_request.head.sha');
    rmSync(workspace, { recursive: true, force: true });
  });

  it('on a push checks the pushed commits against the previous head; a new branch asks for the base input; a base with no shared history names fetch-depth: 0', () => {
    const workspace = checkout('refs/heads/agent/tests', shas['agent/tests']!);
    const push = (before: string, inputs: Record<string, string> = {}) =>
      runAction({
        actionPath: projectRoot,
        workspace,
        inputs: { version: projectRoot, ...inputs },
        eventName: 'push',
        event: { before, after: shas['agent/tests'], repository: { default_branch: 'main' } },
        env: { GITHUB_REF: 'refs/heads/agent/tests', GITHUB_SHA: shas['agent/tests']! },
      });
    const pushed = push(shas['agent/tests~']!);
    expect(pushed.outputs.history!.range).toBe(`${shas['agent/tests~']}..${shas['agent/tests']}`);
    expect(pushed.code).toBe(1);
    expect(pushed.steps[1]!.output).toContain('::error file=src/cli/check.ts::Outside the scope of agent "tests".'); // an annotation on the file
    const created = push('0'.repeat(40));
    expect(created.code).toBe(2);
    expect(created.steps[0]!.output).toContain("Set the action's base input");
    expect(push('0'.repeat(40), { base: 'main' }).code).toBe(1);
    // a base with no history in common with the branch: no depth finds the merge-base
    work.git('checkout', '-q', '--orphan', 'elsewhere');
    work.commitAll('unrelated');
    work.git('push', '-q', 'origin', 'elsewhere');
    const unrelated = push('0'.repeat(40), { base: 'elsewhere' });
    expect(unrelated.code).toBe(2);
    expect(unrelated.steps[0]!.output).toContain('fetch-depth: 0');
    rmSync(workspace, { recursive: true, force: true });
  });
});
