import { readFileSync } from 'node:fs';

/**
 * What a hook's pipeline hands over (hooks/staged-diff.sh, hooks/post-bash.sh): git's `-z` output and
 * a last record `agent-guard-exit:N`. Null unless git ended with 0 — then the caller runs git itself.
 */
export function gitOutputFromPipe(piped: string): string | null {
  if (!piped.endsWith('\0')) return null;
  const last = piped.lastIndexOf('\0', piped.length - 2) + 1;
  return piped.slice(last, -1) === 'agent-guard-exit:0' ? piped.slice(0, last) : null;
}

/** Reads a hook pipeline's git output from file descriptor `fd` to its end; null when unreadable or git failed. */
export function readGitPipe(fd: number): string | null {
  try {
    return gitOutputFromPipe(readFileSync(fd, 'utf8'));
  } catch {
    return null;
  }
}
