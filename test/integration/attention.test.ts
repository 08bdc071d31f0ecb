import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({}, { spawn: ['web'] });
});
afterEach(() => repo.remove());

/** Runs the worktree's Claude Code hook for `event` as Claude Code does: the command in sh, the payload on stdin. */
function fire(event: 'Notification' | 'Stop' | 'SessionStart', payload: Record<string, unknown>): void {
  const wt = repo.agentPath('web');
  const settings = JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8'));
  const command = settings.hooks[event][0].hooks[0].command as string;
  const result = spawnSync('sh', ['-c', command], { cwd: wt, input: JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: event, ...payload }) });
  expect(result.status).toBe(0);
}
const web = () => (JSON.parse(run(repo.path, ['status', '--json']).stdout).agents as { name: string; flags: string[]; state: { state: string; since: string | null; message: string | null } }[]).find((a) => a.name === 'web')!;

describe('which agent waits for you (Claude Code)', () => {
  it('marks the agent WAITING on a permission prompt, with the message, until the session moves on; IDLE when its turn ends', () => {
    const transcript = join(repo.path, 'transcript.jsonl');
    writeFileSync(transcript, '{}\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(transcript, past, past);
    fire('Notification', { notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash', transcript_path: transcript });
    expect(web().state).toMatchObject({ state: 'waiting', message: 'Claude needs your permission to use Bash' });
    expect(web().flags).toContain('WAITING');
    expect(run(repo.path, ['status']).stdout).toMatch(/Waiting for you:\n {2}web, for \d+s: Claude needs your permission to use Bash/);
    // the human answered and a tool ran: the transcript moved on
    const later = new Date(Date.now() + 10_000);
    utimesSync(transcript, later, later);
    expect(web().state.state).toBe('working');
    expect(web().flags).not.toContain('WAITING');

    fire('Stop', { transcript_path: join(repo.path, 'none.jsonl'), stop_hook_active: false, background_tasks: [] });
    expect(web().state.state).toBe('idle');
    expect(web().flags).toContain('IDLE');
    fire('Stop', { transcript_path: join(repo.path, 'none.jsonl'), background_tasks: [{ id: 't1' }] });
    expect(web().state.state).toBe('working'); // its background tasks go on
    fire('Notification', { notification_type: 'idle_prompt', message: 'Claude is waiting for your input', transcript_path: join(repo.path, 'none.jsonl') });
    expect(web().state).toMatchObject({ state: 'idle', message: 'Claude is waiting for your input' });
  });
});

describe('tokens and cost per agent (Claude Code transcripts)', () => {
  it('sums each message once over the sessions since spawn, reads only new whole lines on the next look, and prices them', () => {
    const line = (id: string, input: number, output: number, model = 'claude-test') =>
      JSON.stringify({ type: 'assistant', message: { id, model, usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: 100, cache_creation_input_tokens: 10 } } }) + '\n';
    const first = join(repo.path, 'session-1.jsonl');
    const second = join(repo.path, 'session-2.jsonl');
    // one reply written as two lines (text + tool_use) with its usage repeated: counted once
    writeFileSync(first, line('m1', 10, 20) + line('m1', 10, 20) + JSON.stringify({ type: 'user', message: { role: 'user', content: 'go on' } }) + '\n' + line('m2', 5, 5));
    writeFileSync(second, line('m3', 1, 2));
    fire('SessionStart', { transcript_path: first, source: 'startup' });
    fire('SessionStart', { transcript_path: second, source: 'startup' });
    repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } }, prices: { 'claude-test': { input: 1, output: 2, cacheRead: 0.5, cacheWrite: 1 } } });
    const tokensOf = () => JSON.parse(run(repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web') as { tokens: Record<string, number>; cost: number };
    expect(tokensOf().tokens).toEqual({ input: 16, output: 27, cacheRead: 300, cacheWrite: 30 });
    // (16*1 + 27*2 + 300*0.5 + 30*1) / 1e6
    expect(tokensOf().cost).toBe(0.0003);
    // a line still being written is left for the next look; a finished one counts
    appendFileSync(second, line('m4', 100, 100).slice(0, 20));
    expect(tokensOf().tokens.input).toBe(16);
    appendFileSync(second, line('m4', 100, 100).slice(20));
    expect(tokensOf().tokens).toMatchObject({ input: 116, output: 127 });
    // a rotated transcript is read again from its start
    writeFileSync(second, line('m9', 1, 1));
    expect(tokensOf().tokens).toMatchObject({ input: 16, output: 26 });
    expect(run(repo.path, ['status']).stdout).toMatch(/Tokens \(in \/ out \/ cache read\): web 16 \/ 26 \/ 300 \(\$0\.00\)/);
  });
});
