import { writeSync } from 'node:fs';

/** What a command prints: a string, or a writer that prints it in pieces (a long refusal). */
export type Output = string | ((write: (chunk: string) => void) => void);

let viaStream = false;
let closed = false;

/**
 * Writes to standard output straight from the string (no Buffer copy, no stream machinery): a
 * refusal may print 2 MB. What the descriptor does not take at once (a non-blocking pipe that is
 * full) goes to process.stdout, which waits for the reader, and so does everything after it, to
 * keep the order. A reader that went away (EPIPE) ends the output.
 */
export function writeStdout(text: string): void {
  if (text === '' || closed) return;
  if (viaStream) {
    process.stdout.write(text);
    return;
  }
  let written = 0;
  try {
    written = writeSync(1, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      closed = true;
      return;
    }
    if (code !== 'EAGAIN') throw err;
  }
  if (written === Buffer.byteLength(text)) return;
  viaStream = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed = true;
  });
  process.stdout.write(Buffer.from(text).subarray(written));
}

/**
 * Writes to standard error straight from the string (process.stderr would load node's stream
 * machinery); what descriptor 2 does not take at once goes through process.stderr. A reader that
 * went away drops the rest.
 */
export function writeStderr(text: string): void {
  if (text === '') return;
  let written = 0;
  try {
    written = writeSync(2, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw err;
  }
  if (written < Buffer.byteLength(text)) process.stderr.write(Buffer.from(text).subarray(written));
}
