import { describe, expect, it } from 'vitest';
import { agentFromBranch, agentNameFromBranch, branchFor, branchPatternProblem, shellCasePatterns } from '../../src/core/branches.js';
import { validateConfig } from '../../src/core/config.js';

describe('agent branch patterns', () => {
  const patterns = ['agent/{name}', 'worktree-{name}', 'runs/{name}/wip'];

  it.each([
    ['agent/orders', 'orders'],
    ['worktree-orders', 'orders'],
    ['runs/web/wip', 'web'],
    ['agent/', null],
    ['worktree-', null],
    ['main', null],
    ['agentx/orders', null],
    ['agent/a/b', 'a/b'], // fits the pattern: identity then refuses the undeclared name
    [null, null],
  ])('reads %s as agent %s', (branch, agent) => {
    expect(agentFromBranch(patterns, branch)).toBe(agent);
  });

  it('names only valid agent names when listing worktrees', () => {
    expect(agentNameFromBranch(patterns, 'agent/a/b')).toBeNull();
    expect(agentNameFromBranch(patterns, 'worktree-web')).toBe('web');
  });

  it('spawns on the first pattern', () => {
    expect(branchFor(patterns, 'orders')).toBe('agent/orders');
    expect(branchFor(['{name}'], 'orders')).toBe('orders');
  });

  it('treats a bare {name} (the old empty branchPrefix) as naming no branch', () => {
    expect(agentFromBranch(['{name}'], 'orders')).toBeNull();
    expect(shellCasePatterns(['{name}'])).toBe('');
  });

  it('writes sh case patterns that quote the literal parts', () => {
    expect(shellCasePatterns(["it's/{name}", 'w-{name}-x'])).toBe(`'ref: refs/heads/it'\\''s/'?*|'ref: refs/heads/w-'?*'-x'`);
  });

  it.each([
    ['agent/', 'has no {name}'],
    ['{name}/{name}', 'has {name} 2 times'],
    ['agent/{agent}-{name}', 'has {agent}; the only placeholder is {name}'],
    ['agent {name}', 'does not make a valid git branch name'],
    ['agent..{name}', 'does not make a valid git branch name'],
    ['/{name}', 'does not make a valid git branch name'],
  ])('rejects the pattern %s', (pattern, message) => {
    expect(branchPatternProblem(pattern)).toContain(message);
  });
});

describe('config: branches and branchPrefix', () => {
  const errorOf = (raw: unknown) => {
    try {
      validateConfig(raw, 'agent-guard.config.json');
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('defaults to agent/{name}, and reads branchPrefix as one pattern', () => {
    expect(validateConfig({}, 'f').branches).toEqual(['agent/{name}']);
    expect(validateConfig({ branchPrefix: 'bot/' }, 'f').branches).toEqual(['bot/{name}']);
    expect(validateConfig({ branches: ['agent/{name}', 'worktree-{name}'] }, 'f').branches).toEqual(['agent/{name}', 'worktree-{name}']);
  });

  it('lists every bad pattern, an empty list, and both keys set together', () => {
    const message = errorOf({ branches: ['agent/', '{name}-{name}'] });
    expect(message).toContain('branches[0]: "agent/" has no {name}');
    expect(message).toContain('branches[1]: "{name}-{name}" has {name} 2 times');
    expect(errorOf({ branches: [] })).toContain('branches: must list at least one pattern');
    expect(errorOf({ branches: ['a/{name}'], branchPrefix: 'b/' })).toContain('branchPrefix: cannot be set together with branches');
    expect(errorOf({ branches: 'agent/{name}' })).toContain('branches: must be an array');
  });
});
