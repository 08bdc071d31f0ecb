import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
 * Runs `task` holding an exclusive lock file (created whole with a hard link, holding this process's pid), so
 * two agent-guard processes never read-modify-write the config or a manifest at once. A lock whose
 * process is gone (a spawn stopped with Ctrl-C), or older than a minute, is taken to be left behind
 * and removed. Gives up after `maxWaitMs` of waiting.
 */
export async function withLock<T>(lockPath: string, task: () => Promise<T>, maxWaitMs = 20_000): Promise<T> {
  mkdirSync(dirname(lockPath), { recursive: true });
  const started = Date.now();
  for (;;) {
    if (createLock(lockPath)) break;
    try {
      if (Date.now() - statSync(lockPath).mtimeMs > STALE_MS || holderIsGone(readFileSync(lockPath, 'utf8'))) rmSync(lockPath, { force: true });
    } catch {
      // the holder just released it
    }
    if (Date.now() - started > maxWaitMs) throw new Error(`agent-guard: ${lockPath} stayed locked; if no agent-guard command is running, delete it.`);
    await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 25));
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
    if (createLock(lockPath)) return { release: () => rmSync(lockPath, { force: true }) };
    let holder = '';
    try {
      holder = readFileSync(lockPath, 'utf8');
    } catch {
      continue; // released just now
    }
    if (attempt > 0 || !(holderIsGone(holder) || emptyAndOld(lockPath, holder))) return { holder };
    rmSync(lockPath, { force: true });
  }
}

/** A live process holds the lock at `lockPath`. */
export function lockHeld(lockPath: string): boolean {
  try {
    const holder = readFileSync(lockPath, 'utf8');
    return !(holderIsGone(holder) || emptyAndOld(lockPath, holder));
  } catch {
    return false;
  }
}

/**
 * Creates the lock file already holding `pid@host`: written to a temp file, then hard-linked into
 * place (a link fails if the name exists), so a process killed at any instant never leaves an
 * empty lock that no one could tell from one still being written. False: someone holds it.
 */
function createLock(lockPath: string): boolean {
  const temp = `${lockPath}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  writeFileSync(temp, `${process.pid}@${hostname()}`);
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    return createLockWithoutLinks(lockPath); // a file system without hard links
  } finally {
    rmSync(temp, { force: true });
  }
}

function createLockWithoutLinks(lockPath: string): boolean {
  try {
    writeFileSync(lockPath, `${process.pid}@${hostname()}`, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}

/** An empty lock (left by an older version killed while writing it) is stale after a few seconds. */
function emptyAndOld(lockPath: string, content: string): boolean {
  if (content !== '') return false;
  try {
    return Date.now() - statSync(lockPath).mtimeMs > 5_000;
  } catch {
    return true;
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
