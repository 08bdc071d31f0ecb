import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEvents, type RefusalEvent } from '../core/events.js';

/** The refusal log of a worktree, in its private git dir (out of the agent's file edits' reach). */
export function eventsPath(gitDir: string): string {
  return join(gitDir, 'agent-guard', 'events.jsonl');
}

const KEEP_LINES = 1000;
/** Trim only once the file is well past KEEP_LINES lines of a typical size, so appends stay O(1). */
const TRIM_AT_BYTES = 512 * 1024;

/**
 * Appends one refusal. Called only when something is refused, never on an allowed edit or commit.
 * O_APPEND, one write per line, so concurrent writers never interleave within a line. Never throws:
 * a log that cannot be written costs the line, nothing else.
 */
export function appendEvent(gitDir: string, event: Omit<RefusalEvent, 'at'>): void {
  try {
    const path = eventsPath(gitDir);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'a');
    try {
      writeSync(fd, JSON.stringify({ at: new Date().toISOString(), ...event }) + '\n');
    } finally {
      closeSync(fd);
    }
    if (statSync(path).size > TRIM_AT_BYTES) {
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
      const temp = `${path}.${process.pid}.tmp`;
      const fdTemp = openSync(temp, 'w');
      writeSync(fdTemp, lines.slice(-KEEP_LINES).join('\n') + '\n');
      closeSync(fdTemp);
      renameSync(temp, path);
    }
  } catch {
    // a read-only git dir, a full disk: the refusal itself still stands
  }
}

/** The worktree's refusals, oldest first; unreadable lines counted. A missing log is empty. */
export function readEvents(gitDir: string): { events: RefusalEvent[]; unreadable: number } {
  try {
    return parseEvents(readFileSync(eventsPath(gitDir), 'utf8'));
  } catch {
    return { events: [], unreadable: 0 };
  }
}
