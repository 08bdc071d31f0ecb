import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

let trash: string | null = null;
let count = 0;

/**
 * Takes a test's folder out of the way: one rename into the run's trash folder (TMPDIR/discarded),
 * which the run removes once, at its end, in the background. Removing file by file after every test
 * cost the workers ~7 s of a run.
 */
export function discard(path: string): void {
  trash ??= join(tmpdir(), 'discarded');
  mkdirSync(trash, { recursive: true });
  try {
    renameSync(path, join(trash, `${process.pid}-${count++}-${basename(path)}`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    rmSync(path, { recursive: true, force: true }); // another file system: remove it here
  }
}
