import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockHeld, takeLongLock, withLock } from '../../src/io/atomic.js';

describe('withLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ag-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // a pid that ran and is gone
  const deadPid = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();

  it('runs tasks one at a time, and the lock names its holder while it runs', async () => {
    const lock = join(dir, 'one.lock');
    const order: string[] = [];
    const task = (name: string) => withLock(lock, async () => {
      order.push(`${name} in`);
      expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}@${hostname()}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push(`${name} out`);
    });
    await Promise.all([task('a'), task('b')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a process that is gone (a spawn stopped with Ctrl-C)', async () => {
    const lock = join(dir, 'dead.lock');
    writeFileSync(lock, `${deadPid}@${hostname()}`);
    const started = Date.now();
    expect(await withLock(lock, async () => 'ran', 2_000)).toBe('ran');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for a live holder, or another machine\'s, and gives up after maxWaitMs with a message', async () => {
    for (const holder of [`${process.pid}@${hostname()}`, `${deadPid}@another-machine`, '']) {
      const lock = join(dir, 'held.lock');
      writeFileSync(lock, holder);
      await expect(withLock(lock, async () => 'ran', 300)).rejects.toThrow(/stayed locked; if no agent-guard command is running, delete it/);
      rmSync(lock);
    }
  });

  it('takes over a lock older than a minute', async () => {
    const lock = join(dir, 'old.lock');
    writeFileSync(lock, `${process.pid}@${hostname()}`);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    expect(await withLock(lock, async () => 'ran', 2_000)).toBe('ran');
  });
});

describe('takeLongLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ag-long-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the lock already naming its holder, leaves no temp file, and refuses a second taker', () => {
    const lock = join(dir, 'merge.lock');
    const first = takeLongLock(lock);
    expect('release' in first).toBe(true);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}@${hostname()}`);
    expect(readdirSync(dir)).toEqual(['merge.lock']);
    expect(takeLongLock(lock)).toEqual({ holder: `${process.pid}@${hostname()}` });
    expect(lockHeld(lock)).toBe(true);
    if ('release' in first) first.release();
    expect(existsSync(lock)).toBe(false);
    expect(lockHeld(lock)).toBe(false);
  });

  it('an empty lock (its writer killed by an older version) is respected for a few seconds, then taken over', () => {
    const lock = join(dir, 'empty.lock');
    writeFileSync(lock, '');
    expect(takeLongLock(lock)).toEqual({ holder: '' });
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    expect(lockHeld(lock)).toBe(false);
    const taken = takeLongLock(lock);
    expect('release' in taken).toBe(true);
    if ('release' in taken) taken.release();
  });
});
