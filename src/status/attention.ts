import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where a worktree's last attention event (Claude Code's Notification or Stop payload) is kept. */
export const attentionPath = (gitDir: string) => join(gitDir, 'agent-guard', 'attention.json');

/** What the agent is doing, as its client last said. */
export interface AgentState {
  state: 'working' | 'waiting' | 'idle';
  /** When it started waiting or went idle (null while working). */
  since: string | null;
  /** The client's own words (a notification's message), or null. */
  message: string | null;
}

/**
 * Anything written to the session's transcript this long after the event means the session moved
 * on (the human answered, a tool ran, a prompt came): the event is over. The slack covers the
 * transcript lines Claude Code writes around the hook itself.
 */
const MOVED_ON_MS = 2_000;

/**
 * The agent's state from its worktree's last attention event: waiting for the human (a permission
 * prompt, a question), idle (its turn ended, or Claude Code's idle prompt), or working (no event, or
 * the session moved on since). A missing, unreadable or unknown event is working.
 */
export function agentState(gitDir: string): AgentState {
  const working: AgentState = { state: 'working', since: null, message: null };
  let event: { hook_event_name?: unknown; notification_type?: unknown; message?: unknown; transcript_path?: unknown; background_tasks?: unknown };
  let at: number;
  try {
    const file = attentionPath(gitDir);
    at = statSync(file).mtimeMs;
    event = JSON.parse(readFileSync(file, 'utf8')) as typeof event;
  } catch {
    return working;
  }
  if (typeof event.transcript_path === 'string') {
    try {
      if (statSync(event.transcript_path).mtimeMs > at + MOVED_ON_MS) return working;
    } catch {
      // no transcript to tell: the event stands
    }
  }
  const since = new Date(at).toISOString();
  const message = typeof event.message === 'string' ? event.message : null;
  if (event.hook_event_name === 'Stop') {
    // a turn that ended with background tasks running continues on its own
    return Array.isArray(event.background_tasks) && event.background_tasks.length > 0 ? working : { state: 'idle', since, message };
  }
  if (event.hook_event_name === 'Notification') {
    return event.notification_type === 'idle_prompt' ? { state: 'idle', since, message } : { state: 'waiting', since, message };
  }
  return working;
}
