/** What the guard hands back to the agent client: its exit code and what it prints. */
export interface GuardAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const allowAnswer = (): GuardAnswer => ({ exitCode: 0, stdout: '', stderr: '' });

/** A structured answer on stdout (exit 0). */
export const jsonAnswer = (value: unknown): GuardAnswer => ({ exitCode: 0, stdout: JSON.stringify(value) + '\n', stderr: '' });

/** Exit 2 with the reason on stderr: blocks the call in the clients that read it so. */
export const exit2Answer = (reason: string): GuardAnswer => ({ exitCode: 2, stdout: '', stderr: `${reason}\n` });
