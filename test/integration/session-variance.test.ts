import { appendFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';
import { runToEnd } from '../helpers/spawner.js';

let repo: AgentRepo;
let wt: string;
let gitDir: string;
beforeEach(() => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
  wt = repo.agentPath('orders');
  gitDir = tryGit(wt, ['rev-parse', '--absolute-git-dir']).stdout.trim();
});
afterEach(() => repo.remove());

const events = () => {
  try {
    return readFileSync(join(gitDir, 'agent-guard', 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};
const orders = () => JSON.parse(run(repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'orders');

/** A PreToolUse call through the command spawn wrote, as Claude Code runs it. */
function guard(toolInput: Record<string, unknown>, tool = 'Write') {
  const settings = JSON.parse(readFileSync(join(wt, '.claude/settings.local.json'), 'utf8'));
  const command = settings.hooks.PreToolUse[0].hooks[0].command;
  const input = JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: toolInput });
  return runToEnd('sh', ['-c', command], { cwd: wt, input });
}

describe('the refusal log and what status makes of it', () => {
  it('three guard denials of the same path: refusals.total 3 and CIRCLING, with the restart hint', () => {
    for (let i = 0; i < 3; i++) expect(guard({ file_path: join(wt, 'web/page.ts'), content: 'x' }).stdout).toContain('"deny"');
    expect(events()).toHaveLength(3);
    expect(events()[0]).toMatchObject({ source: 'guard', kind: 'out-of-scope', paths: ['web/page.ts'] });
    const status = orders();
    expect(status.refusals).toMatchObject({ total: 3, recent: 3, last: { source: 'guard', paths: ['web/page.ts'] } });
    expect(status.flags).toEqual(['CIRCLING']);
    const text = run(repo.path, ['status']).stdout;
    expect(text).toContain('Agent "orders" is going in circles');
    expect(text).toContain("agent-guard reset orders --force --task '<a more specific task>'");
  });

  it('logs a denied bypass command with the command itself', () => {
    expect(guard({ command: 'git commit --no-verify -m x' }, 'Bash').stdout).toContain('"deny"');
    expect(events()).toEqual([expect.objectContaining({ source: 'guard', kind: 'bypass', paths: [], command: 'git commit --no-verify -m x' })]);
  });

  it('logs a refused commit and a refused push; an allowed edit or commit writes nothing', () => {
    expect(guard({ file_path: join(wt, 'src/orders/ok.ts'), content: 'x' }).stdout).toBe('');
    writeFileSync(join(wt, 'src/orders/ok.ts'), 'ok\n');
    tryGit(wt, ['add', '-A']);
    expect(tryGit(wt, ['commit', '-m', 'fine']).code).toBe(0);
    expect(events()).toEqual([]);

    writeFileSync(join(wt, 'web/page.ts'), 'stray\n');
    tryGit(wt, ['add', '-A']);
    expect(tryGit(wt, ['commit', '-m', 'stray']).code).not.toBe(0);
    expect(events()).toEqual([expect.objectContaining({ source: 'pre-commit', kind: 'out-of-scope', paths: ['web/page.ts'] })]);

    const remote = `${repo.path}.agents/remote.git`;
    tryGit(repo.path, ['init', '-q', '--bare', remote]);
    tryGit(repo.path, ['remote', 'add', 'origin', remote]);
    tryGit(wt, ['commit', '-q', '--no-verify', '-m', 'sneaky']);
    expect(tryGit(wt, ['push', 'origin', 'agent/orders']).code).not.toBe(0);
    expect(events().at(-1)).toMatchObject({ source: 'pre-push', paths: ['web/page.ts'] });
  });

  it('flags a stalled agent: unfinished work and no file change for stallAfter', () => {
    writeFileSync(join(wt, 'src/orders/draft.ts'), 'half done\n');
    expect(orders().flags).toEqual([]);
    const old = new Date(Date.now() - 20 * 60_000);
    utimesSync(join(wt, 'src/orders/draft.ts'), old, old);
    const status = orders();
    expect(status.flags).toEqual(['STALLED']);
    expect(Date.parse(status.lastChange)).toBeLessThan(Date.now() - 19 * 60_000);
    expect(run(repo.path, ['status']).stdout).toContain('Agent "orders" has stalled');
  });

  it('skips a damaged log line and counts it', () => {
    guard({ file_path: join(wt, 'web/page.ts'), content: 'x' });
    appendFileSync(join(gitDir, 'agent-guard', 'events.jsonl'), '{"at": "2026-11-25T10:0\n');
    const status = orders();
    expect(status.refusals.total).toBe(1);
    expect(status.unreadableEvents).toBe(1);
  });
});

describe('reset --force --task: restart with a sharper task', () => {
  it('replaces the task in the config and the instructions, and keeps the old task and refusals in the backup', () => {
    for (let i = 0; i < 3; i++) guard({ file_path: join(wt, 'web/page.ts'), content: 'x' });
    const result = run(repo.path, ['reset', 'orders', '--force', '--task', 'Only make processOrder async']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("The old session's task: (none given)");
    expect(result.stdout).toContain('Its refusals: 3');
    const config = JSON.parse(readFileSync(join(repo.path, 'agent-guard.config.json'), 'utf8'));
    expect(config.agents.orders.task).toBe('Only make processOrder async');
    expect(readFileSync(join(wt, '.agent-guard/scope.md'), 'utf8')).toContain('Only make processOrder async');
    const notesRef = /git show (refs\/agent-guard\/backup\/orders\/\S+\/notes)/.exec(result.stdout)?.[1];
    expect(notesRef).toBeDefined();
    const notes = JSON.parse(tryGit(repo.path, ['show', notesRef!]).stdout);
    expect(notes).toMatchObject({ agent: 'orders', task: null });
    expect(notes.refusals).toHaveLength(3);
    expect(events()).toEqual([]); // the new session starts with a clean log
  });

  it('refuses an empty --task (exit 2) and changes nothing', () => {
    const result = run(repo.path, ['reset', 'orders', '--force', '--task', '']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--task needs');
    expect(tryGit(wt, ['rev-parse', '--abbrev-ref', 'HEAD']).stdout.trim()).toBe('agent/orders');
  });
});
