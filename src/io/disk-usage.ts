import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/**
 * The disk a folder takes, ignored files (node_modules, build output) included: the blocks of every
 * file and folder under it, each hard-linked file once, symlinks not followed. A file that vanishes
 * while it is walked counts as nothing.
 */
export function diskUsage(root: string): number {
  const seen = new Set<string>();
  let bytes = 0;
  const stack = [root];
  while (stack.length) {
    const path = stack.pop()!;
    let stat: Stats;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.nlink > 1 && !stat.isDirectory()) {
      const inode = `${stat.dev}:${stat.ino}`;
      if (seen.has(inode)) continue;
      seen.add(inode);
    }
    bytes += stat.blocks * 512;
    if (!stat.isDirectory()) continue;
    try {
      for (const name of readdirSync(path)) stack.push(join(path, name));
    } catch {
      // unreadable: its own blocks are counted
    }
  }
  return bytes;
}

/** Bytes as people read them (1.2 GB, 340 MB, 12 kB). */
export function humanBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
