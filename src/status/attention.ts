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
  let event: AttentionEvent;
  let at: number;
  try {
    const file = attentionPath(gitDir);
    at = statSync(file).mtimeMs;
    event = JSON.parse(readFileSync(file, 'utf8')) as AttentionEvent;
  } catch {
    return working;
  }
  const transcript = typeof event.transcript_path === 'string' ? event.transcript_path : typeof event.event?.transcriptPath === 'string' ? event.event.transcriptPath : null;
  if (transcript) {
    try {
      if (statSync(transcript).mtimeMs > at + MOVED_ON_MS) return working;
    } catch {
      // no transcript to tell: the event stands
    }
  }
  const read = stateOfEvent(event);
  return read.state === 'working' ? working : { ...read, since: new Date(at).toISOString() };
}

/** A client's attention event as its hook hands it over (Claude Code, Qwen Code, Gemini CLI, Codex). */
export interface AttentionEvent {
  hook_event_name?: unknown;
  notification_type?: unknown;
  message?: unknown;
  transcript_path?: unknown;
  background_tasks?: unknown;
  /** Codex's `notify` program: `agent-turn-complete`. */
  type?: unknown;
  /** Cline's event programs: `agent_end` for TaskComplete. */
  hookName?: unknown;
  'last-assistant-message'?: unknown;
  tool_name?: unknown;
  /** What agent-guard's own wrapping names (Copilot CLI's hooks, OpenCode's plugin): the event, its payload in `event`. */
  client_event?: unknown;
  event?: { message?: unknown; notification_type?: unknown; title?: unknown; stopReason?: unknown; transcriptPath?: unknown };
}

/**
 * What an event says, as each client words it: a notification (a permission prompt, a question)
 * or a permission request is waiting; a turn's end (`Stop`, Gemini's `AfterAgent`, Codex's
 * `agent-turn-complete`) or an idle prompt is idle; anything else is working. Pure.
 */
export function stateOfEvent(event: AttentionEvent): { state: AgentState['state']; message: string | null } {
  const message = typeof event.message === 'string' ? event.message : typeof event['last-assistant-message'] === 'string' ? event['last-assistant-message'] : null;
  if (typeof event.client_event === 'string') {
    const inner = event.event ?? {};
    const said = typeof inner.message === 'string' ? inner.message : typeof inner.title === 'string' ? inner.title : null;
    if (event.client_event === 'notification' || event.client_event === 'permission.asked' || event.client_event === 'question.asked') return { state: 'waiting', message: said };
    if (event.client_event === 'agentStop' || event.client_event === 'session.idle') return { state: 'idle', message: said };
    return { state: 'working', message: null };
  }
  // Cursor's `stop` (lower case): its turn ended
  if (event.hook_event_name === 'Stop' || event.hook_event_name === 'AfterAgent' || event.hook_event_name === 'stop') {
    // a turn that ended with background tasks running continues on its own
    return Array.isArray(event.background_tasks) && event.background_tasks.length > 0 ? { state: 'working', message: null } : { state: 'idle', message };
  }
  if (event.type === 'agent-turn-complete') return { state: 'idle', message };
  // Cline's TaskComplete program gets its agent_end event
  if (event.hookName === 'agent_end') return { state: 'idle', message: null };
  if (event.hook_event_name === 'Notification') {
    return event.notification_type === 'idle_prompt' ? { state: 'idle', message } : { state: 'waiting', message };
  }
  if (event.hook_event_name === 'PermissionRequest') return { state: 'waiting', message: message ?? (typeof event.tool_name === 'string' ? `permission to use ${event.tool_name}` : null) };
  return { state: 'working', message: null };
}
