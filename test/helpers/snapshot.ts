import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Hash and mode of every file under `root` except .git: a byte-exact picture of a working tree. */
export function snapshotTree(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === '.git') continue;
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else result[relative(root, path)] = `${(stat.mode & 0o777).toString(8)} ${createHash('sha1').update(readFileSync(path)).digest('hex')}`;
    }
  };
  walk(root);
  return result;
}
