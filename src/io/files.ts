import { existsSync, readFileSync } from 'node:fs';

/** A file's text, or null when there is none. */
export function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
