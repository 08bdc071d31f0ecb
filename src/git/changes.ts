import type { Change } from '../core/policy.js';
import { UsageError } from '../core/errors.js';
import { parseNameStatus } from './parse.js';
import { git, GitError, gitOrNull } from './run.js';

const DIFF_FLAGS = ['--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv'];

/** What the index would commit: against HEAD, or against the empty tree before the first commit. */
export async function stagedChanges(root: string): Promise<Change[]> {
  return parseNameStatus(await git(root, ['diff', '--cached', ...DIFF_FLAGS]));
}

/** Every change of every commit in `range` (rev-list syntax, e.g. `A..B`), each tagged with its commit. */
export async function rangeChanges(root: string, range: string): Promise<{ commits: string[]; changes: Change[] }> {
  const commits = (await revParse(root, ['rev-list', '--reverse', '--end-of-options', range], range)).split('\n').filter(Boolean);
  if (commits.length === 0) return { commits, changes: [] };
  // -c: a merge commit counts the paths that differ from every parent (its own edits), not what it brought in.
  const out = await git(root, ['diff-tree', '--stdin', '-r', '--root', '-c', ...DIFF_FLAGS], commits.join('\n') + '\n');
  return { commits, changes: parseNameStatus(out) };
}

/** `merge-base(ref, HEAD)..HEAD`: what this branch did since it left `ref`. */
export async function rangeSinceBase(root: string, ref: string): Promise<string> {
  const base = (await revParse(root, ['merge-base', '--end-of-options', ref, 'HEAD'], ref)).trim();
  if (base === '') throw new UsageError(`agent-guard: ${ref} and HEAD have no common ancestor; check --range instead.`);
  return `${base}..HEAD`;
}

export async function refExists(root: string, ref: string): Promise<boolean> {
  if (ref.startsWith('-')) return false;
  return (await gitOrNull(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])) !== null;
}

export async function filesAtRef(root: string, ref: string): Promise<Set<string>> {
  const out = await revParse(root, ['ls-tree', '-z', '--name-only', '--end-of-options', ref], ref);
  return new Set(out.split('\0').filter(Boolean));
}

export async function fileAtRef(root: string, ref: string, file: string): Promise<string> {
  return git(root, ['cat-file', 'blob', `${ref}:${file}`]);
}

/** Runs a git query that names a user-given ref; a bad ref is a usage error, not a crash. */
async function revParse(root: string, args: string[], ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new UsageError(`agent-guard: "${ref}" is not a ref or range.`);
  try {
    return await git(root, args);
  } catch (err) {
    if (err instanceof GitError) {
      throw new UsageError(`agent-guard: git could not resolve "${ref}": ${err.stderr.trim().split('\n')[0]}. Fetch it or pass a ref that exists (e.g. --base origin/main after git fetch).`);
    }
    throw err;
  }
}
