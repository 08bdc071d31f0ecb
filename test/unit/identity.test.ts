import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config.js';
import { resolveAgent } from '../../src/core/identity.js';

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
