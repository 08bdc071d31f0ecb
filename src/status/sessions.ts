import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
/** The sessions a worktree's clients ran, one line each (Claude Code's SessionStart hook writes them too). */
export const sessionsPath = (gitDir: string) => join(gitDir, 'agent-guard', 'sessions.jsonl');
/** Usage a client hands over live (OpenCode's plugin): read as one more transcript. */
export const usagePath = (gitDir: string) => join(gitDir, 'agent-guard', 'usage.jsonl');
const lastPath = (gitDir: string) => join(gitDir, 'agent-guard', 'last-session');

/**
 * Notes a session's transcript for `status` (its tokens, corrections, failures), for clients whose
 * tool calls carry its path (Codex's rollout, Gemini CLI's chat log): the guard already runs on each
 * call, so one read of a small file says whether this session is known; a new one is appended to the
 * worktree's sessions (Claude Code's SessionStart hook writes the same lines).
 */
export function noteSession(gitDir: string, transcript: string, client: string): void {
  try {
    if (readFileSync(lastPath(gitDir), 'utf8') === transcript) return;
  } catch {
    // the first call of the first session
  }
  try {
    mkdirSync(join(gitDir, 'agent-guard'), { recursive: true });
    appendFileSync(sessionsPath(gitDir), JSON.stringify({ transcript_path: transcript, client }) + '\n');
    writeFileSync(lastPath(gitDir), transcript);
  } catch {
    // a read-only git dir: no tokens for this session, never a refused call
  }
}
