import { spawnSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
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
function fire(event: 'Notification' | 'Stop', payload: Record<string, unknown>): void {
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
