import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({ agents: { api: { scope: ['src/api/**', 'src/shared.ts'] }, web: { scope: ['web/**', 'src/shared.ts'] } } }, { files: { 'src/api/a.ts': 'a\n', 'src/shared.ts': 's\n' } });
});
afterEach(() => repo.remove());

const tip = (ref: string) => tryGit(repo.path, ['rev-parse', ref]).stdout.trim();
function commitIn(name: string, file: string) {
  const wt = repo.agentPath(name);
  writeFileSync(join(wt, file), `${name} ${file}\n`);
  tryGit(wt, ['add', '-A']);
  expect(tryGit(wt, ['commit', '-m', `${name}: ${file}`]).code).toBe(0);
}

describe('agents in sequence: spawn B --after A', () => {
  it('starts B at A\'s tip, refuses merge B alone, merges B A as A then B, and shows the chain', () => {
    expect(run(repo.path, ['spawn', 'api']).code).toBe(0);
    commitIn('api', 'src/api/b.ts');
    // An overlapping scope is fine in sequence: the two run one after the other.
    const spawned = run(repo.path, ['spawn', 'web', '--after', 'api']);
    expect(spawned.code).toBe(0);
    expect(tryGit(repo.agentPath('web'), ['rev-parse', 'HEAD']).stdout.trim()).toBe(tip('agent/api'));
    repo.commitAll('web builds on api'); // spawn wrote "after" into the config: commit it on base
    commitIn('web', 'web/page.ts');

    const status = JSON.parse(run(repo.path, ['status', '--json']).stdout);
    const web = status.agents.find((a: { name: string }) => a.name === 'web');
    expect(web).toMatchObject({ after: ['api'], ahead: 1, violations: [], flags: [] }); // api's commit is not web's
    expect(run(repo.path, ['status']).stdout).toContain('api → web');
    expect(run(repo.path, ['plan']).stdout).toContain('api → web');

    const mainBefore = tip('main');
    const alone = run(repo.path, ['merge', 'web']);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toContain('"web" builds on "api", which is not merged into main yet');
    expect(tip('main')).toBe(mainBefore);

    const both = run(repo.path, ['merge', 'web', 'api']);
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('Merging in dependency order: api, web.');
    const log = tryGit(repo.path, ['log', '--format=%s', '--first-parent', 'main']).stdout.split('\n');
    expect(log.slice(0, 2)).toEqual(['Merge agent web (agent/web)', 'Merge agent api (agent/api)']);
  });

  it("sync B brings in A's new commits as well as base's", () => {
    expect(run(repo.path, ['spawn', 'api']).code).toBe(0);
    expect(run(repo.path, ['spawn', 'web', '--after', 'api']).code).toBe(0);
    commitIn('api', 'src/api/later.ts');
    repo.write('README.md', 'base moved\n');
    repo.commitAll('base moves');
    const synced = run(repo.path, ['sync', 'web']);
    expect(synced.code).toBe(0);
    const wt = repo.agentPath('web');
    expect(tryGit(wt, ['merge-base', '--is-ancestor', tip('agent/api'), 'HEAD']).code).toBe(0);
    expect(tryGit(wt, ['merge-base', '--is-ancestor', tip('main'), 'HEAD']).code).toBe(0);
  });

  it('refuses --after naming itself or an unknown agent, or making a cycle (exit 2, nothing written)', () => {
    for (const [args, message] of [
      [['spawn', 'web', '--after', 'web'], '"web" cannot come after itself'],
      [['spawn', 'web', '--after', 'ghost'], '"ghost" is not an agent'],
    ] as const) {
      const result = run(repo.path, [...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
    repo.config({ base: 'main', agents: { api: { scope: ['src/api/**'], after: ['web'] }, web: { scope: ['web/**'], after: ['api'] } } });
    const cycle = run(repo.path, ['plan']);
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toContain('cycle: api → web → api');
  });
});
