import { UsageError } from '../core/errors.js';
import { GitError } from '../git/run.js';

/**
 * The one place errors become exit codes: 2 with a readable paragraph for usage/config problems,
 * and no stack trace unless AGENT_GUARD_DEBUG=1.
 */
export async function runCommand(command: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await command();
  } catch (err) {
    process.exitCode = 2;
    process.stderr.write(messageFor(err) + '\n');
    if (process.env.AGENT_GUARD_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
}

function messageFor(err: unknown): string {
  if (err instanceof UsageError) return err.message;
  if (err instanceof GitError) return `agent-guard: ${err.message}`;
  const text = err instanceof Error ? err.message : String(err);
  return `agent-guard: unexpected error: ${text}\nRun again with AGENT_GUARD_DEBUG=1 for details, and report it if it persists.`;
}
