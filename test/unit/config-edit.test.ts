import { describe, expect, it } from 'vitest';
import { withAgent } from '../../src/config/config-edit.js';

describe('withAgent', () => {
  it('adds an agent to a JSON config and keeps its indentation and other keys', () => {
    const text = '{\n    "base": "main",\n    "agents": {\n        "web": { "scope": ["web/**"] }\n    }\n}\n';
    const out = JSON.parse(withAgent('agent-guard.config.json', text, 'orders', { scope: ['src/orders/**'], task: 'Do it' }));
    expect(out).toEqual({ base: 'main', agents: { web: { scope: ['web/**'] }, orders: { scope: ['src/orders/**'], task: 'Do it' } } });
    expect(withAgent('agent-guard.config.json', text, 'x', { scope: ['x'] })).toContain('\n    "base"');
  });

  it('updates only the given fields of an existing agent', () => {
    const text = JSON.stringify({ agents: { web: { scope: ['web/**'], task: 'Keep me' } } });
    expect(JSON.parse(withAgent('.agent-guardrc.json', text, 'web', { scope: ['web/**', 'docs/**'] })).agents.web).toEqual({
      scope: ['web/**', 'docs/**'],
      task: 'Keep me',
    });
  });

  it('edits the agent-guard key of package.json, creating it if needed', () => {
    const out = JSON.parse(withAgent('package.json', '{ "name": "shop" }', 'web', { scope: ['web/**'] }));
    expect(out).toEqual({ name: 'shop', 'agent-guard': { agents: { web: { scope: ['web/**'] } } } });
  });

  it('edits YAML and keeps its comments', () => {
    const text = '# who owns what\nbase: main # the trunk\nagents:\n  web:\n    scope: ["web/**"]\n';
    const out = withAgent('agent-guard.config.yaml', text, 'orders', { scope: ['src/orders/**'] });
    expect(out).toContain('# who owns what');
    expect(out).toContain('base: main # the trunk');
    expect(out).toMatch(/orders:\n\s+scope:\n\s+- src\/orders\/\*\*/);
  });

  it('refuses to rewrite a JS or TS config and says what to add', () => {
    expect(() => withAgent('agent-guard.config.ts', 'export default {}', 'web', { scope: ['web/**'] })).toThrow(/Add this under "agents" by hand.*"web":\{"scope":\["web\/\*\*"\]\}/);
  });
});
