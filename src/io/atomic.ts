import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
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
 * Runs `task` holding an exclusive lock file (created with O_EXCL, holding this process's pid), so
 * two agent-guard processes never read-modify-write the config or a manifest at once. A lock whose
 * process is gone (a spawn stopped with Ctrl-C), or older than a minute, is taken to be left behind
 * and removed. Gives up after `maxWaitMs` of waiting.
 */
export async function withLock<T>(lockPath: string, task: () => Promise<T>, maxWaitMs = 20_000): Promise<T> {
  mkdirSync(dirname(lockPath), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}@${hostname()}`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_MS || holderIsGone(readFileSync(lockPath, 'utf8'))) rmSync(lockPath, { force: true });
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

/**
 * Takes a lock for as long as a command runs (no age limit: a merge's verify may take an hour):
 * the release function, or null with the holder (`pid@host`) while a live process holds it. A lock
 * whose process of this machine is gone is taken over.
 */
export function takeLongLock(lockPath: string): { release: () => void } | { holder: string } {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}@${hostname()}`);
      closeSync(fd);
      return { release: () => rmSync(lockPath, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = '';
      try {
        holder = readFileSync(lockPath, 'utf8');
      } catch {
        continue; // released just now
      }
      if (attempt > 0 || !holderIsGone(holder)) return { holder };
      rmSync(lockPath, { force: true });
    }
  }
}

/** A live process holds the lock at `lockPath`. */
export function lockHeld(lockPath: string): boolean {
  try {
    return !holderIsGone(readFileSync(lockPath, 'utf8'));
  } catch {
    return false;
  }
}

/** The lock names a process of this machine (empty: its holder is still writing it) that is not running. */
function holderIsGone(content: string): boolean {
  const holder = /^(\d+)@(.*)$/.exec(content);
  if (!holder || holder[2] !== hostname()) return false;
  try {
    process.kill(Number(holder[1]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
