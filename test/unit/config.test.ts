import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';

function problemsOf(raw: unknown): string {
  try {
    validateConfig(raw, 'agent-guard.config.json');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('validateConfig', () => {
  it('fills in defaults', () => {
    expect(validateConfig({ agents: { a: { scope: ['x/**'] } } }, 'f')).toEqual({
      base: 'main',
      worktrees: '../{repo}.agents',
      branches: ['agent/{name}'],
      shared: [],
      protected: [],
      claudeHooks: true,
      clients: ['claude'],
      claudeSandbox: false,
      stallAfter: '15m',
      portRange: '20000-29999',
      agents: { a: { scope: ['x/**'] } },
    });
  });

  it('accepts the full example from the contract', () => {
    const full = {
      $schema: './node_modules/agent-guard/dist/agent-guard.schema.json',
      base: 'main',
      worktrees: '../{repo}.agents',
      branchPrefix: 'agent/',
      shared: ['package-lock.json'],
      protected: ['.github/**'],
      setup: 'npm ci',
      verify: 'npm test',
      agents: { orders: { scope: ['src/orders/**', '!src/orders/legacy/**'], task: 'Refactor' }, web: { scope: ['web/**'] } },
    };
    expect(validateConfig(full, 'f').verify).toBe('npm test');
  });

  it.each([
    [{ agentz: {} }, 'agentz: is not a known key'],
    [{ clients: ['claude', 'aider'] }, 'clients[1]: "aider" is not one of claude, codex, gemini, copilot, opencode, qwen, droid, cursor, cline'],
    [{ base: 3 }, 'base: must be a string, not number'],
    [{ claudeHooks: 'no' }, 'claudeHooks: must be a boolean, not string'],
    [{ stallAfter: '15 minutes' }, 'stallAfter: "15 minutes" does not match'],
    [{ shared: 'x' }, 'shared: must be an array of globs, not string'],
    [{ agents: [] }, 'agents: must be an object, not array'],
    [{ agents: { 'bad name': { scope: ['x'] } } }, 'agents.bad name: "bad name" is not a valid name'],
    [{ agents: { '-x': { scope: ['x'] } } }, 'agents.-x: "-x" is not a valid name'],
    [{ agents: { ['a'.repeat(65)]: { scope: ['x'] } } }, 'is not a valid name'],
    [{ agents: { a: {} } }, 'agents.a.scope: is required'],
    [{ agents: { a: { scope: ['x'], extra: 1 } } }, 'agents.a.extra: is not a known key'],
    [{ agents: { a: { scope: [''] } } }, 'agents.a.scope[0]: must not be empty'],
    [{ agents: { a: { scope: ['!'] } } }, 'agents.a.scope[0]: is an empty glob'],
    [{ agents: { a: { scope: ['/etc/**'] } } }, 'agents.a.scope[0]: "/etc/**" is absolute'],
    [{ agents: { a: { scope: ['C:/x'] } } }, 'is absolute'],
    [{ agents: { a: { scope: ['src/../../x'] } } }, 'agents.a.scope[0]: "src/../../x" contains a ".." segment'],
    [{ protected: ['!../x'] }, 'protected[0]: "!../x" contains a ".." segment'],
    [{ agents: { a: { scope: [3] } } }, 'agents.a.scope[0]: must be a string, not number'],
    [null, '(the whole file): must be an object, not null'],
    [[], '(the whole file): must be an object, not array'],
  ])('rejects %j', (raw, expected) => {
    expect(problemsOf(raw)).toContain(expected);
  });

  it('reports every problem at once, with the file name', () => {
    const message = problemsOf({ base: 1, agents: { a: { scope: ['/x', '..'] } } });
    expect(message).toContain('agent-guard.config.json');
    expect(message).toContain('base:');
    expect(message).toContain('agents.a.scope[0]');
    expect(message).toContain('agents.a.scope[1]');
  });

  it('allows names with dots, dashes and underscores', () => {
    expect(() => validateConfig({ agents: { 'a.b_c-9': { scope: ['x'] }, ['a'.repeat(64)]: { scope: ['y'] } } }, 'f')).not.toThrow();
  });
});
