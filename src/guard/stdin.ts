import { readSync } from 'node:fs';

/**
 * Reads one JSON document from stdin. Stops as soon as what has arrived parses, because a hook's
 * stdin is not always closed promptly; otherwise reads to the end (where a parse error is reported).
 * Read straight from file descriptor 0: process.stdin would load node's stream machinery (~30 of
 * its own modules) on every tool call. A descriptor that is non-blocking goes on through process.stdin.
 */
export function readJsonStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 20);
  for (;;) {
    let read = 0;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return readRestFromStream(chunks);
      // any other error ends the input, as the end of the stream does
    }
    if (read === 0) return Promise.resolve(Buffer.concat(chunks).toString('utf8'));
    chunks.push(Buffer.from(buffer.subarray(0, read)));
    const text = Buffer.concat(chunks).toString('utf8');
    if (parses(text)) return Promise.resolve(text);
  }
}

function readRestFromStream(chunks: Buffer[]): Promise<string> {
  return new Promise((resolve) => {
    const text = () => Buffer.concat(chunks).toString('utf8');
    const done = () => {
      process.stdin.removeAllListeners();
      process.stdin.pause();
      resolve(text());
    };
    process.stdin.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (parses(text())) done();
    });
    process.stdin.on('end', done);
    process.stdin.on('error', done);
  });
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
