import { describe, expect, it } from 'vitest';
import { validateConfig, type Config } from '../../src/core/config.js';
import { afterProblems, chains, dependencyOrder, inSequence, predecessors } from '../../src/core/sequence.js';

const config = (agents: Record<string, { after?: string[] }>): Config =>
  validateConfig({ agents: Object.fromEntries(Object.entries(agents).map(([n, a]) => [n, { scope: [`${n}/**`], ...a }])) }, 'f');

describe('agents in sequence (after)', () => {
  const c = config({ schema: {}, api: { after: ['schema'] }, web: { after: ['api'] }, docs: {} });

  it('knows each chain, transitively', () => {
    expect(predecessors(c, 'web')).toEqual(['api', 'schema']);
    expect(predecessors(c, 'docs')).toEqual([]);
    expect(inSequence(c, 'schema', 'web')).toBe(true);
    expect(inSequence(c, 'docs', 'web')).toBe(false);
    expect(chains(c)).toEqual(['schema → api', 'api → web']);
  });

  it('orders a merge by dependency, whatever order the names came in', () => {
    expect(dependencyOrder(c, ['web', 'api', 'schema'])).toEqual(['schema', 'api', 'web']);
    expect(dependencyOrder(c, ['web', 'docs', 'api'])).toEqual(['api', 'web', 'docs']);
    expect(dependencyOrder(c, ['docs'])).toEqual(['docs']);
  });

  it('rejects itself, an unknown agent and a cycle, naming the chain', () => {
    expect(afterProblems({ a: { after: ['a'] } })).toEqual([{ at: 'agents.a.after[0]', message: '"a" cannot come after itself' }]);
    expect(afterProblems({ a: { after: ['ghost'] } })[0]!.message).toBe('"ghost" is not an agent in this config');
    expect(afterProblems({ a: { after: ['c'] }, b: { after: ['a'] }, c: { after: ['b'] } })).toEqual([
      { at: 'agents.a.after', message: 'the agents wait for each other in a cycle: a → c → b → a' },
    ]);
    expect(() => config({ a: { after: ['b'] }, b: { after: ['a'] } })).toThrow(/cycle: a → b → a/);
  });
});
