import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { fastArgs } from '../../src/cli/fast-args.js';

const spec = (name: string) => COMMANDS.find((c) => c.name === name)!;

describe('fastArgs (the yargs-free reading of an ordinary command line)', () => {
  it('reads options, defaults, repeated array options and positionals', () => {
    expect(fastArgs(spec('spawn'), ['orders', '--scope', 'src/**', '--scope=web/**', '--task', 'do it'])).toEqual({
      name: 'orders',
      scope: ['src/**', 'web/**'],
      task: 'do it',
      allowOverlap: false,
      sandbox: false,
      offline: false,
      claudeSubagent: false,
      setup: true,
    });
    expect(fastArgs(spec('check'), ['--staged', '--format', 'json'])).toEqual({ staged: true, format: 'json' });
    expect(fastArgs(spec('merge'), ['a', 'b'])).toEqual({ dryRun: false, all: false, prune: false, names: ['a', 'b'] });
    expect(fastArgs(spec('hook'), ['pre-push', 'origin', 'url'])).toEqual({ name: 'pre-push', args: ['origin', 'url'] });
    expect(fastArgs(spec('init'), ['--no-claude-hooks'])).toMatchObject({ claudeHooks: false, agentsMd: false, dryRun: false });
  });

  it('leaves to yargs whatever it is not sure of', () => {
    expect(fastArgs(spec('check'), ['--help'])).toBeNull();
    expect(fastArgs(spec('check'), ['--version'])).toBeNull();
    expect(fastArgs(spec('check'), ['--bogus'])).toBeNull();
    expect(fastArgs(spec('check'), ['--format', 'xml'])).toBeNull();
    expect(fastArgs(spec('check'), ['--base', 'a', '--base', 'b'])).toBeNull();
    expect(fastArgs(spec('check'), ['extra'])).toBeNull();
    expect(fastArgs(spec('spawn'), [])).toBeNull();
    expect(fastArgs(spec('spawn'), ['a', 'b'])).toBeNull();
    expect(fastArgs(spec('hook'), ['post-merge'])).toBeNull();
    expect(fastArgs(spec('status'), ['--json=false'])).toBeNull();
  });
});
