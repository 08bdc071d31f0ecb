import { constants, copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git } from '../git/run.js';
import { micromatchRegex } from '../io/glob-regex.js';
import { compileGlobs } from '../core/scope.js';

/** A file bigger than this is not copied (a database dump, a disk image): one line says so. */
export const MAX_FILE_BYTES = 1024 ** 3;
/** A copy of more files than this is not made: one line says so (a cache nobody meant to duplicate). */
export const MAX_FILES = 200_000;

export interface IncludedCopy {
  /** Each file copied, and what named it. */
  copied: { file: string; via: '.worktreeinclude' | 'setup.copy' }[];
  /** Lines for what was skipped, and why. */
  skipped: string[];
}

/**
 * Copies into a new worktree the main checkout's git-ignored files that `.worktreeinclude` names
 * (gitignore syntax, the convention Claude Code uses, e.g. `.env`) or `setup.copy`'s globs match
 * (e.g. `node_modules/**`): a fresh checkout has none of them. Each file is a copy-on-write clone
 * where the file system can make one, else a plain copy — never a link, so no agent changes
 * another's dependencies. Tracked files are there already and are never copied; copied files stay
 * ignored, so they are never staged.
 */
export async function copyIncludedFiles(mainRoot: string, worktree: string, copyGlobs: readonly string[] = [], { keepExisting = false } = {}): Promise<IncludedCopy> {
  const include = existsSync(join(mainRoot, '.worktreeinclude'));
  if (!include && copyGlobs.length === 0) return { copied: [], skipped: [] };
  const list = async (args: string[]) => (await git(mainRoot, ['ls-files', '-z', '--others', '--ignored', ...args])).split('\0').filter(Boolean);
  const ignored = await list(['--exclude-standard']);
  const named = include ? new Set(await list(['--exclude-from=.worktreeinclude'])) : new Set<string>();
  const byGlob = copyGlobs.length ? compileGlobs(copyGlobs, micromatchRegex) : () => false;
  const wanted = ignored.filter((file) => named.has(file) || byGlob(file)).sort();
  if (wanted.length > MAX_FILES) {
    return { copied: [], skipped: [`skipped copying ${wanted.length} ignored files (more than ${MAX_FILES}): name fewer in .worktreeinclude or setup.copy, or install them with setup.run`] };
  }
  const copied: IncludedCopy['copied'] = [];
  const made = new Set<string>(); // folders made already: one mkdir per folder, not per file
  const skipped: string[] = [];
  for (const file of wanted) {
    const from = join(mainRoot, file);
    let size: number;
    try {
      size = statSync(from).size;
    } catch {
      continue; // gone since it was listed
    }
    if (size > MAX_FILE_BYTES) {
      skipped.push(`skipped ${file} (${Math.round(size / 1024 ** 2)} MB, more than ${MAX_FILE_BYTES / 1024 ** 3} GB)`);
      continue;
    }
    // a worktree another tool made (adopt) may hold its own .env: that one stays
    if (keepExisting && existsSync(join(worktree, file))) continue;
    const folder = dirname(join(worktree, file));
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    copyFileSync(from, join(worktree, file), constants.COPYFILE_FICLONE);
    copied.push({ file, via: named.has(file) ? '.worktreeinclude' : 'setup.copy' });
  }
  return { copied, skipped };
}

/** What spawn says about the copy: each file when there are few, else how many. */
export function copyLines({ copied, skipped }: IncludedCopy): string[] {
  const lines = copied.length <= 10 ? copied.map(({ file, via }) => `  copied ${file} (${via})`) : [`  copied ${copied.length} ignored files (.worktreeinclude, setup.copy), copy-on-write where the file system can`];
  return [...lines, ...skipped.map((line) => `  ${line}`)];
}

/**
 * Tells the post-checkout hook of `git worktree add` (plain sh) whether setup.copy names anything:
 * a marker file in the common git dir, kept in step by init and spawn.
 */
export function markSetupCopy(commonDir: string, copyGlobs: readonly string[]): void {
  const marker = join(commonDir, 'agent-guard', 'setup-copy');
  if (copyGlobs.length) {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, `${copyGlobs.join('\n')}\n`);
  } else rmSync(marker, { force: true });
}
