import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DELETE, editGuestFile } from './guest-file.js';
import { entryState, withEntry, withoutEntry, type GuestEntry, type GuestFormat } from './formats.js';
import { readTrustRecord, updateTrustRecord, type RecordedEntry } from './trust-record.js';

/** The file in the user's home where a client keeps its trust, as the client itself finds it. */
export function trustFile(format: GuestFormat, env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  if (format === 'codex') return join(env.CODEX_HOME || join(home, '.codex'), 'config.toml');
  if (format === 'gemini') return env.GEMINI_CLI_TRUSTED_FOLDERS_PATH || join(env.GEMINI_CLI_HOME || home, '.gemini', 'trustedFolders.json');
  return join(env.COPILOT_HOME || join(home, '.copilot'), 'config.json');
}

/**
 * Adds the entries to the client's file (each once; one already there is left byte for byte) and
 * records the ones agent-guard added, with the worktree each is for, so `remove`, `prune` and
 * `uninstall` take out exactly those.
 */
export async function addTrust(commonDir: string, format: GuestFormat, file: string, entries: RecordedEntry[]): Promise<void> {
  const unique = entries.filter((e, i) => entries.findIndex((o) => o.kind === e.kind && o.key === e.key) === i);
  let added: RecordedEntry[] = [];
  await editGuestFile(
    file,
    format,
    (text) => {
      let next = text ?? '';
      added = unique.filter((e) => entryState(format, next, e) === 'absent');
      for (const entry of unique) next = withEntry(format, next, entry);
      return next;
    },
    ({ target, before, after }) =>
      updateTrustRecord(commonDir, (record) => {
        const known = record[target];
        const file = known && known.entries.length > 0 ? known : { format, pristine: before, written: null, entries: [] };
        for (const entry of added) if (!file.entries.some((e) => same(e, entry))) file.entries.push(entry);
        file.written = after;
        if (file.entries.length) record[target] = file;
      }),
  );
}

/**
 * Takes out the recorded entries `which` picks, wherever they still hold agent-guard's value; a file
 * left with none of agent-guard's entries and unchanged since its last write goes back byte for
 * byte (deleted if agent-guard created it). One line per file changed.
 */
export async function removeTrust(commonDir: string, which: (entry: RecordedEntry) => boolean): Promise<string[]> {
  const lines: string[] = [];
  for (const [target, file] of Object.entries(readTrustRecord(commonDir))) {
    if (!file.entries.some(which)) continue;
    let taken: RecordedEntry[] = [];
    const edit = await editGuestFile(
      target,
      file.format,
      (text) => {
        if (text === null) return null;
        const current = readTrustRecord(commonDir)[target] ?? file;
        taken = current.entries.filter(which);
        const left = current.entries.filter((e) => !which(e));
        if (left.length === 0 && text === current.written) return current.pristine ?? DELETE;
        let next = text;
        for (const entry of taken) next = withoutEntry(file.format, next, entry);
        return next;
      },
    ).catch((err: Error) => {
      lines.push(`warning: ${err.message.replace(/^agent-guard: /, '')}`);
      return null;
    });
    if (!edit) continue;
    // the record forgets an entry only once it is out of the file: a stop in between leaves it to a rerun
    await updateTrustRecord(commonDir, (record) => {
      const current = record[target];
      if (!current) return;
      current.entries = current.entries.filter((e) => !which(e));
      current.written = edit.after;
      if (current.entries.length === 0) delete record[target];
    });
    if (edit.before !== edit.after) lines.push(`Took agent-guard's trust out of ${target} (${taken.length} entr${taken.length === 1 ? 'y' : 'ies'}).`);
  }
  return lines;
}

/** The recorded entries of a worktree (by the path given and its real path: Codex records the latter). */
export function ownedBy(worktree: string): (entry: RecordedEntry) => boolean {
  const paths = new Set([worktree]);
  try {
    paths.add(realpathSync(worktree));
  } catch {
    // already gone
  }
  // '' is the repository's own entries (the main checkout's): never a worktree's
  return (entry) => entry.owner !== '' && paths.has(entry.owner);
}

/** Recorded entries for a worktree that no longer exists. */
export const ownerGone = (entry: RecordedEntry): boolean => entry.owner !== '' && !existsSync(entry.owner);

function same(a: GuestEntry, b: GuestEntry): boolean {
  return a.kind === b.kind && a.key === b.key;
}
