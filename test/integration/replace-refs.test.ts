import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
});
afterEach(() => repo.remove());

describe('replace refs', () => {
  it('do not change what agent-guard judges: a commit out of scope stays out of scope when a replace ref shows another', () => {
    const wt = repo.agentPath('orders');
    const git = (...args: string[]) => {
      const result = tryGit(wt, args);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.trim();
    };
    writeFileSync(join(wt, 'src/orders/b.ts'), 'in scope\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'in scope');
    const good = git('rev-parse', 'HEAD');
    writeFileSync(join(wt, 'web/page.ts'), 'taken\n');
    git('add', '-A');
    git('-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'out of scope');
    const bad = git('rev-parse', 'HEAD');
    // the tree of the out-of-scope commit, to anything but agent-guard, is the in-scope one
    git('replace', bad, good);
    expect(git('log', '--format=%s', 'main..HEAD')).toBe('in scope');
    const check = run(wt, ['check', '--base', 'main', '--format', 'json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).violations.map((v: { path: string }) => v.path)).toEqual(['web/page.ts']);
  });
});
