import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes through a temp file and a rename, so a reader (or a crash) never sees half a file. */
export function writeFileAtomic(path: string, content: string, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, content, mode === undefined ? undefined : { mode });
  renameSync(temp, path);
}

const STALE_MS = 60_000;

/**
 * Runs `task` holding an exclusive lock file (created with O_EXCL), so two agent-guard processes
 * never read-modify-write the config or a manifest at once. A lock older than a minute is taken
 * to be left by a crash and removed. Gives up after `maxWaitMs` of waiting.
 */
export async function withLock<T>(lockPath: string, task: () => Promise<T>, maxWaitMs = 20_000): Promise<T> {
  mkdirSync(dirname(lockPath), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_MS) rmSync(lockPath, { force: true });
      } catch {
        // the holder just released it
      }
      if (Date.now() - started > maxWaitMs) throw new Error(`agent-guard: ${lockPath} stayed locked; if no agent-guard command is running, delete it.`);
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 25));
    }
  }
  try {
    return await task();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
