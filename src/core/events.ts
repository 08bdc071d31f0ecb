/**
 * Refusals are the earliest sign that a session is off the rails: every one agent-guard makes (an
 * edit or command the guard denied, a commit or push a hook refused) is one line of the worktree's
 * event log. These are the pure parts: the line's shape, reading a log, and what status makes of it.
 */
export type EventSource = 'guard' | 'pre-commit' | 'pre-push';

export interface RefusalEvent {
  at: string;
  source: EventSource;
  /** out-of-scope, protected, outside-repo, bypass. */
  kind: string;
  paths: string[];
  command?: string;
  /** The Claude Code sub-agent type that made the call, where one did. */
  subagent?: string;
}

/** The log's lines as events; a damaged or truncated line is counted, never fatal. */
export function parseEvents(text: string): { events: RefusalEvent[]; unreadable: number } {
  const events: RefusalEvent[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const event = JSON.parse(line) as RefusalEvent;
      if (typeof event.at === 'string' && typeof event.source === 'string' && Array.isArray(event.paths)) events.push(event);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { events, unreadable };
}

/**
 * The refusals of sub-agents (a checkout's log, where several Claude Code sub-agents work), grouped
 * by the declared agent each sub-agent's type maps to; a type that maps to none is left out. Pure.
 */
export function eventsBySubagent(events: readonly RefusalEvent[], agentOf: (agentType: string) => string | null): Map<string, RefusalEvent[]> {
  const byAgent = new Map<string, RefusalEvent[]>();
  for (const event of events) {
    const agent = event.subagent === undefined ? null : agentOf(event.subagent);
    if (agent === null) continue;
    if (!byAgent.has(agent)) byAgent.set(agent, []);
    byAgent.get(agent)!.push(event);
  }
  return byAgent;
}

export const RECENT_MS = 10 * 60_000;
/** "3+ corrections": this many refusals of one path or one command is going in circles. */
export const CIRCLING_AFTER = 3;

export interface RefusalSummary {
  total: number;
  /** In the last ten minutes. */
  recent: number;
  last: { at: string; source: EventSource; paths: string[] } | null;
  /** A path or command refused CIRCLING_AFTER times or more, or null. */
  circlingOn: string | null;
}

export function summarizeRefusals(events: readonly RefusalEvent[], now: number): RefusalSummary {
  const counts = new Map<string, number>();
  let circlingOn: string | null = null;
  for (const event of events) {
    const keys = event.command !== undefined && event.paths.length === 0 ? [`command: ${event.command}`] : event.paths;
    for (const key of keys) {
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      if (count >= CIRCLING_AFTER && circlingOn === null) circlingOn = key;
    }
  }
  const last = events.at(-1);
  return {
    total: events.length,
    recent: events.filter((e) => now - Date.parse(e.at) <= RECENT_MS).length,
    last: last ? { at: last.at, source: last.source, paths: last.paths } : null,
    circlingOn,
  };
}

/** CONFLICTS: the conflict forecast sees this agent's committed work conflict with base or another agent's. */
export type Flag = 'STRAYED' | 'CIRCLING' | 'STALLED' | 'CONFLICTS' | 'MERGED' | 'SETUP-FAILED' | 'WAITING' | 'IDLE' | 'OVER-BUDGET' | 'RESTART?';

export interface FlagInputs {
  violations: number;
  refusals: RefusalSummary;
  /** Newest modification time of a changed file in the worktree (ms), or null. */
  lastChange: number | null;
  /** The worktree has uncommitted changes, or the branch has no commit of its own yet. */
  unfinished: boolean;
  hasWorktree: boolean;
  stallAfterMs: number;
  /** When the agent started (its manifest's createdAt), for an agent that changed nothing yet. */
  startedAt: number | null;
  /** Its branch is in base: the work landed, and the worktree only holds disk. */
  merged?: boolean;
  /** Its worktree's setup failed and has not passed since (`agent-guard setup NAME`). */
  setupFailed?: boolean;
}

/** The flags status raises, each with a next step in the renderer. Pure. */
export function agentFlags(input: FlagInputs, now: number): Flag[] {
  const flags: Flag[] = [];
  if (input.violations > 0) flags.push('STRAYED');
  if (input.refusals.circlingOn !== null) flags.push('CIRCLING');
  const quietSince = input.lastChange ?? input.startedAt;
  if (input.hasWorktree && input.unfinished && quietSince !== null && now - quietSince >= input.stallAfterMs) flags.push('STALLED');
  if (input.hasWorktree && input.merged) flags.push('MERGED');
  if (input.hasWorktree && input.setupFailed) flags.push('SETUP-FAILED');
  return flags;
}

/** "15m", "2h", "90s", "7d" → milliseconds; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
}
