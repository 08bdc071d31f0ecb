import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
import { repoAt } from '../helpers/repo.js';

// Two live agents (orders, web) that may both change the shared package.json, and the base.
let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({ shared: ['package.json'] }, { files: { 'package.json': '{\n  "name": "shop",\n  "version": "1.0.0"\n}\n', 'src/orders/old.ts': 'old\n' }, spawn: ['orders', 'web'] });
});
afterEach(() => repo.remove());

const agent = (name: string) => repoAt(repo.agentPath(name));
const version = (v: string) => `{\n  "name": "shop",\n  "version": "${v}"\n}\n`;
const forecast = () => {
  const result = run(repo.path, ['conflicts', '--json']);
  return { code: result.code, json: JSON.parse(result.stdout || '{}'), stderr: result.stderr };
};

describe('agent-guard conflicts', () => {
  it('names two agents whose committed work conflicts in a shared file, counts what it cannot see, and is clean once one is merged and the other synced and resolved', () => {
    agent('orders').write('package.json', version('1.1.0'));
    agent('orders').commitAll('orders bumps');
    agent('web').write('package.json', version('2.0.0'));
    agent('web').commitAll('web bumps');
    agent('web').write('web/draft one ü.ts', 'draft\n');
    agent('web').write('README.md', 'a stray edit its hooks would refuse to commit\n'); // not counted: no merge will carry it
    const text = run(repo.path, ['conflicts']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('CONFLICT  web after orders: package.json (content)');
    expect(text.stdout).toContain('not in the forecast (uncommitted in scope): web 1 file');
    const json = forecast().json;
    expect(json.conflicts).toEqual([{ agents: ['orders', 'web'], files: ['package.json'], kinds: { 'package.json': 'content' } }]);
    expect(json.agents.map((a: { name: string; uncommitted: number }) => [a.name, a.uncommitted])).toEqual([['orders', 0], ['web', 1]]);
    agent('web').git('checkout', '-q', '--', 'README.md');
    const status = JSON.parse(run(repo.path, ['status', '--json']).stdout);
    expect(status.conflicts).toEqual([{ agents: ['orders', 'web'], files: ['package.json'] }]);
    expect(status.agents.map((a: { flags: string[] }) => a.flags)).toEqual([['CONFLICTS'], ['CONFLICTS']]);
    expect(run(repo.path, ['status']).stdout).toContain('  web after orders: package.json (content)');
    expect(JSON.parse(run(repo.path, ['plan', '--json']).stdout).conflicts).toEqual([{ agents: ['orders', 'web'], files: ['package.json'] }]);

    // the merge queue sees it before merging anything
    const main = repo.git('rev-parse', 'main');
    const refused = run(repo.path, ['merge', 'orders', 'web']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('web: CONFLICT in package.json (content)');
    expect(refused.stdout).toContain('Nothing was merged');
    expect(refused.stdout).toContain('agent-guard sync web');
    expect(repo.git('rev-parse', 'main')).toBe(main);

    const merged = run(repo.path, ['merge', 'orders']);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    const synced = run(repo.path, ['sync', 'web']);
    expect(synced.stderr + synced.stdout).toContain('conflicts in package.json'); // sync undoes it and says how to resolve
    expect(tryGit(repo.agentPath('web'), ['merge', '-q', 'main']).code).not.toBe(0);
    agent('web').write('package.json', version('2.0.0'));
    agent('web').commitAll('web resolves');
    const after = forecast();
    expect(after.code, JSON.stringify(after.json)).toBe(0);
    expect(after.json.conflicts).toEqual([]);
  });

  it("reports an agent that conflicts with base after base moved, and the kinds git names (modify/delete, rename)", () => {
    agent('orders').write('src/orders/old.ts', 'changed by orders\n');
    agent('orders').commitAll('orders edits old.ts');
    repo.git('rm', '-q', 'src/orders/old.ts');
    repo.commitAll('base drops old.ts');
    agent('web').git('mv', 'package.json', 'web/package.json');
    agent('web').commitAll('web moves package.json');
    repo.git('rm', '-q', 'package.json');
    repo.commitAll('base drops package.json');
    const { code, json } = forecast();
    expect(code).toBe(1);
    expect(json.conflicts).toContainEqual({ agents: ['orders', 'base'], files: ['src/orders/old.ts'], kinds: { 'src/orders/old.ts': 'modify/delete' } });
    const web = json.conflicts.find((c: { agents: string[] }) => c.agents.join() === 'web,base');
    expect(Object.values(web.kinds)).toContain('rename');
  });

  it('answers a second look with nothing changed from its cache, and a merge --dry-run of a clean queue step by step', () => {
    agent('orders').write('src/orders/new.ts', 'new\n');
    agent('orders').commitAll('orders adds');
    agent('web').write('web/new.ts', 'new\n');
    agent('web').commitAll('web adds');
    const traced = (args: string[]) => run(repo.path, args, { AGENT_GUARD_TRACE: '1' }).stderr.split('\n').filter((l) => /git (merge-tree|diff-tree)/.test(l)).length;
    // each agent into base, one diff-tree for what each changes; the pair's changes are apart: no merge needed
    expect(traced(['conflicts'])).toBe(3);
    expect(traced(['conflicts'])).toBe(0);
    const dry = run(repo.path, ['merge', '--dry-run', 'orders', 'web']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('  orders: merges cleanly\n  web: merges cleanly\n');
    expect(repo.git('log', '--oneline', 'main').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('merges a pair whose changes meet in a folder: a folder one agent moved, in which the other adds a file', () => {
    agent('orders').git('mv', 'src/orders', 'src/sales');
    agent('orders').commitAll('orders moves its folder');
    agent('web').write('src/orders/from-web.ts', 'web\n');
    agent('web').commitAll('web adds a file where the folder was');
    const { code, json } = forecast();
    expect(code).toBe(1);
    expect(json.conflicts).toEqual([expect.objectContaining({ agents: ['orders', 'web'], files: expect.arrayContaining([expect.stringMatching(/from-web\.ts$/)]) })]);
  });
});
