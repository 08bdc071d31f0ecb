import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLock, writeFileAtomic } from '../io/atomic.js';
import type { GuestEntry, GuestFormat } from './formats.js';

/** An entry agent-guard added to a file in the user's home, and the worktree it was added for ('' : the repository itself). */
export interface RecordedEntry extends GuestEntry {
  owner: string;
}

export interface GuestFileRecord {
  format: GuestFormat;
  /** The file before agent-guard's first entry in it (null: it did not exist). */
  pristine: string | null;
  /** The file as agent-guard last wrote it: when it is still so and the last entry goes, `pristine` comes back byte for byte. */
  written: string | null;
  entries: RecordedEntry[];
}

/** By the file's real path (a symlink's target). */
export type TrustRecord = Record<string, GuestFileRecord>;

const recordPath = (commonDir: string) => join(commonDir, 'agent-guard', 'home-entries.json');

export function readTrustRecord(commonDir: string): TrustRecord {
  try {
    const parsed = JSON.parse(readFileSync(recordPath(commonDir), 'utf8')) as { files?: TrustRecord };
    return parsed.files && typeof parsed.files === 'object' ? parsed.files : {};
  } catch {
    return {};
  }
}

/** Read-modify-write of the record under its own lock (taken inside a home file's lock, never around one). */
export async function updateTrustRecord(commonDir: string, change: (record: TrustRecord) => void): Promise<void> {
  const path = recordPath(commonDir);
  await withLock(`${path}.lock`, async () => {
    const record = readTrustRecord(commonDir);
    change(record);
    writeFileAtomic(path, JSON.stringify({ version: 1, files: record }, null, 2) + '\n');
  });
}
