import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config.js';
import { resolveAgent, subagentRule } from '../../src/core/identity.js';

const config = validateConfig({ agents: { orders: { scope: ['o/**'] }, web: { scope: ['w/**'] } } }, 'f');
const none = { env: {}, manifestAgent: null, branch: null };

describe('resolveAgent', () => {
  it.each([
    ['flag beats everything', { flag: 'web', env: { AGENT_GUARD_AGENT: 'orders' }, manifestAgent: 'orders', branch: 'agent/orders' }, 'web', 'flag'],
    ['env beats manifest', { env: { AGENT_GUARD_AGENT: 'web' }, manifestAgent: 'orders', branch: null }, 'web', 'env'],
    ['manifest beats branch', { env: {}, manifestAgent: 'web', branch: 'agent/orders' }, 'web', 'manifest'],
    ['branch with prefix', { env: {}, manifestAgent: null, branch: 'agent/orders' }, 'orders', 'branch'],
    ['other branch is a human', { env: {}, manifestAgent: null, branch: 'feature/x' }, null, 'none'],
    ['detached HEAD outside CI', { env: { GITHUB_HEAD_REF: 'agent/web' }, manifestAgent: null, branch: null }, null, 'none'],
    ['CI head ref', { env: { CI: 'true', GITHUB_HEAD_REF: 'agent/web' }, manifestAgent: null, branch: null }, 'web', 'ci'],
    ['CI head ref of a human PR', { env: { CI: 'true', GITHUB_HEAD_REF: 'fix/typo' }, manifestAgent: null, branch: null }, null, 'none'],
    ['empty env var is unset', { env: { AGENT_GUARD_AGENT: '' }, manifestAgent: null, branch: 'agent/web' }, 'web', 'branch'],
  ])('%s', (_name, inputs, agent, source) => {
    expect(resolveAgent(config, inputs)).toEqual({ agent, source });
  });

  it('refuses an unknown name from any source instead of treating it as unrestricted', () => {
    expect(() => resolveAgent(config, { ...none, flag: 'ghost' })).toThrow(/unknown agent "ghost" \(from --agent\)/);
    expect(() => resolveAgent(config, { ...none, branch: 'agent/ghost' })).toThrow(/from the branch name/);
    expect(() => resolveAgent(config, { ...none, env: { CI: '1', GITHUB_HEAD_REF: 'agent/ghost' } })).toThrow(/GITHUB_HEAD_REF/);
  });
});

describe('subagentRule: a Claude Code sub-agent type, judged', () => {
  const mapped = validateConfig({ agents: { tests: { scope: ['test/**'], claudeAgent: 'test-writer' }, web: { scope: ['w/**'] }, orders: { scope: ['o/**'], claudeAgent: 'web' } } }, 'f');
  const strict = validateConfig({ agentTypes: 'strict', agents: { web: { scope: ['w/**'] } } }, 'f');
  it.each([
    ['a claudeAgent mapping', mapped, 'test-writer', { agent: 'tests' }],
    ['the mapping, never the raw name: type "web" is orders here', mapped, 'web', { agent: 'orders' }],
    ['an agent whose claudeAgent names another type is not its own name', mapped, 'tests', { asCheckout: true }],
    ['the agent of that name', strict, 'web', { agent: 'web' }],
    ['an undeclared type falls back to the checkout', config, 'Explore', { asCheckout: true }],
    ['an undeclared type is denied where the config is strict', strict, 'general-purpose', { deny: true }],
  ] as const)('%s', (_, cfg, type, expected) => {
    expect(subagentRule(cfg, type)).toEqual(expected);
  });
});
