import { chmodSync, lstatSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { withLock } from '../io/atomic.js';
import { FORMAT_NAMES, parseProblem, type GuestFormat } from './formats.js';

/** What a change returns to have the file deleted (agent-guard created it and takes everything out). */
export const DELETE = Symbol('delete');

export interface GuestEdit {
  /** The file agent-guard changes: the target when `path` is a symlink (a dotfile manager's link stays). */
  target: string;
  before: string | null;
  after: string | null;
}

/**
 * Changes a file the user owns outside the repository: under a lock (ten spawns at once all land),
 * read, parsed as its owner parses it (a file that does not parse is never written: exit 2 with the
 * file and line), changed, parsed again, then `beforeWrite` (the record of what agent-guard added,
 * kept first so nothing is ever added unrecorded), then written through a temp file in the same
 * folder and a rename, with the file's mode kept. `change` returns null for no change.
 */
export async function editGuestFile(
  path: string,
  format: GuestFormat,
  change: (text: string | null) => string | null | typeof DELETE,
  beforeWrite?: (edit: GuestEdit) => Promise<void>,
  { repair = false } = {},
): Promise<GuestEdit> {
  const target = linkTarget(path);
  mkdirSync(dirname(target), { recursive: true });
  return withLock(`${target}.agent-guard.lock`, async () => {
    const before = readText(target);
    // doctor --fix repairs a file that does not parse (what an older agent-guard wrote twice); its result must parse
    if (before !== null && !repair) {
      const problem = parseProblem(format, before);
      if (problem) throw new UsageError(`agent-guard: ${path}${problem.line ? ` line ${problem.line}` : ''} is not valid ${FORMAT_NAMES[format]} (${problem.message}), so agent-guard left it unchanged; fix it and run again.`);
    }
    const next = change(before);
    if (next === null || next === before) return { target, before, after: before };
    if (next !== DELETE) {
      const problem = parseProblem(format, next);
      if (problem) throw new Error(`agent-guard: its change to ${path} would not parse (${problem.message}); nothing was written.`);
    }
    if (before !== null && isReadOnly(target)) throw new UsageError(`agent-guard: ${path} is read-only, so agent-guard left it unchanged; make it writable (or add the entry by hand) and run again.`);
    const edit = { target, before, after: next === DELETE ? null : next };
    await beforeWrite?.(edit);
    if (next === DELETE) rmSync(target, { force: true });
    else writeKeepingMode(target, next, path);
    return edit;
  });
}

/** A symlink's final target (a relative link resolved from its folder, a dangling one too). */
function linkTarget(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
    } catch {
      return current;
    }
    try {
      return realpathSync(current);
    } catch {
      current = resolve(dirname(current), readlinkSync(current));
    }
  }
  return current;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UsageError(`agent-guard: ${path} cannot be read (${(err as NodeJS.ErrnoException).code}); nothing was written.`);
  }
}

/** No write bit for anyone: the owner made it read-only (a check that holds for root too, whom access() lets write). */
function isReadOnly(path: string): boolean {
  return (statSync(path).mode & 0o222) === 0;
}

function writeKeepingMode(target: string, text: string, shownAs: string): void {
  let mode: number | null = null;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    // a new file: the umask decides, as for any file the client writes
  }
  const temp = join(dirname(target), `.${basename(target)}.agent-guard-${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, mode === null ? undefined : { mode });
    if (mode !== null) chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new UsageError(`agent-guard: ${shownAs} cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}); it was left as it was.`);
  }
}
