import { describe, expect, it } from 'vitest';
import { GUARD_MATCHER, withGuardHook, withWorktreeHooks } from '../../src/clients/claude-settings.js';

const guard = "'/usr/bin/node' '/opt/agent-guard/dist/cjs/guard-entry.js'";
const commands = (pre: string) => ({ pre, post: `${pre} post` });

describe('withGuardHook', () => {
  it('creates settings with the guard before edit tools and Bash, and after Bash', () => {
    expect(JSON.parse(withGuardHook(null, commands(guard), 'x'))).toEqual({
      hooks: {
        PreToolUse: [{ matcher: GUARD_MATCHER, hooks: [{ type: 'command', command: guard }] }],
        PostToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `${guard} post` }] }],
      },
    });
  });

  it('keeps the user\'s other settings and hooks, and registers the guard once', () => {
    const mine = {
      permissions: { allow: ['Bash(npm test)'] },
      hooks: {
        PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter' }] }],
        PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --write' }] }],
      },
    };
    const once = withGuardHook(JSON.stringify(mine), commands(guard), 'x');
    const twice = withGuardHook(once, commands(guard.replace('/opt', '/new')), 'x');
    const settings = JSON.parse(twice);
    expect(settings.permissions).toEqual(mine.permissions);
    expect(settings.hooks.PostToolUse).toEqual([...mine.hooks.PostToolUse, { matcher: 'Bash', hooks: [{ type: 'command', command: `${guard.replace('/opt', '/new')} post` }] }]);
    expect(settings.hooks.PreToolUse).toEqual([
      { matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter' }] },
      { matcher: GUARD_MATCHER, hooks: [{ type: 'command', command: guard.replace('/opt', '/new') }] },
    ]);
    expect(withGuardHook(once, commands(guard), 'x')).toBe(once);
  });

  it('refuses to overwrite a settings file it cannot read', () => {
    expect(() => withGuardHook('{ nope', commands(guard), '.claude/settings.local.json')).toThrow(/settings\.local\.json is not a JSON object/);
  });
});

describe('withWorktreeHooks', () => {
  it('registers both events without a matcher', () => {
    const settings = JSON.parse(withWorktreeHooks('{"model": "x"}', 'ag claude-worktree create', 'ag claude-worktree remove', 'x'));
    expect(settings).toEqual({
      model: 'x',
      hooks: {
        WorktreeCreate: [{ hooks: [{ type: 'command', command: 'ag claude-worktree create' }] }],
        WorktreeRemove: [{ hooks: [{ type: 'command', command: 'ag claude-worktree remove' }] }],
      },
    });
  });
});
