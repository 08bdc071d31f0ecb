import type { Change } from '../core/policy.js';
import { UsageError } from '../core/errors.js';
import { parseCatFileBatch, parseNameStatus } from './parse.js';
import { git, gitBytes, GitError } from './run.js';
import { keepYoungGenerationSmall } from '../io/young-generation.js';

// Pinned so user config (color.ui=always, diff.relative, diff.external) cannot change the output.
const DIFF_FLAGS = ['--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', '--no-color', '--no-relative'];
export const STAGED_DIFF_ARGS = ['diff', '--cached', ...DIFF_FLAGS];

/**
 * What the index would commit: against HEAD, or against the empty tree before the first commit.
 * `started` is the output of `git STAGED_DIFF_ARGS` already running (the hook starts it first thing).
 */
export async function stagedChanges(root: string, started?: Promise<string>): Promise<Change[]> {
  return changesOf(await (started ?? git(root, STAGED_DIFF_ARGS)));
}

/**
 * Every change of every commit that `git rev-list REVS...` lists (e.g. `['A..B']`, or
 * `['SHA', '--not', '--remotes']`), each tagged with its commit.
 */
export async function rangeChanges(root: string, revs: string[]): Promise<Change[]> {
  // One process lists the commits and their changes (rev-list + diff-tree would be two). Pinned:
  // the root commit's diff is shown, signatures are not. -c as in commitChanges.
  const args = ['-c', 'log.showRoot=true', 'log', '--reverse', '--format=%H', '--no-show-signature', '-r', '-c', ...DIFF_FLAGS, ...revs, '--'];
  return changesOf(await revParse(root, args, revs[0]!));
}

/** The changes of the given commits, in that order. */
export async function commitChanges(root: string, commits: string[]): Promise<Change[]> {
  if (commits.length === 0) return [];
  // -c: a merge commit counts the paths that differ from every parent (its own edits), not what it brought in.
  const out = await git(root, ['diff-tree', '--stdin', '-r', '--root', '-c', ...DIFF_FLAGS], commits.join('\n') + '\n');
  return changesOf(out);
}

/** Above this many characters of git's output (~8,000 changes), the process is about to hold many objects to its end. */
const MANY_CHANGES_OUTPUT = 256 * 1024;

function changesOf(output: string): Change[] {
  if (output.length > MANY_CHANGES_OUTPUT) keepYoungGenerationSmall();
  return parseNameStatus(output);
}

/** `merge-base(ref, HEAD)..HEAD`: what this branch did since it left `ref`. */
export async function rangeSinceBase(root: string, ref: string): Promise<string> {
  refuseOption(ref);
  try {
    return `${(await git(root, ['merge-base', '--end-of-options', ref, 'HEAD'])).trim()}..HEAD`;
  } catch (err) {
    // exit 1 with nothing said: both exist, with no commit in common
    if (err instanceof GitError && err.code === 1 && err.stderr.trim() === '') {
      if ((await git(root, ['rev-parse', '--is-shallow-repository'])).trim() === 'true') {
        throw new UsageError(
          `agent-guard: this clone is shallow and the commit where HEAD left ${ref} is not in it, so the changes since then cannot be listed. ` +
            `Fetch the history: git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0; in GitLab CI: GIT_DEPTH: 0).`,
        );
      }
      throw new UsageError(`agent-guard: ${ref} and HEAD have no common ancestor; check --range instead.`);
    }
    throw unresolved(err, ref);
  }
}

export interface FilesAtRef {
  /** The commit `ref` names, or null when it names none. */
  commit: string | null;
  files: Map<string, string>;
}

/** The content at `ref` of each of `files` that exists there, in one `git cat-file --batch` process. */
export async function filesAtRef(root: string, ref: string, files: readonly string[]): Promise<FilesAtRef> {
  if (ref.startsWith('-') || /\s/.test(ref)) return { commit: null, files: new Map() };
  const names = [`${ref}^{commit}`, ...files.map((file) => `${ref}:${file}`)];
  const [commit, ...contents] = parseCatFileBatch(await gitBytes(root, ['cat-file', '--batch'], names.join('\n') + '\n'), names);
  const found = new Map<string, string>();
  contents.forEach((entry, i) => {
    if (entry) found.set(files[i]!, entry.content);
  });
  return { commit: commit?.oid ?? null, files: found };
}

/** Runs a git query that names a user-given ref; a bad ref is a usage error, not a crash. */
async function revParse(root: string, args: string[], ref: string): Promise<string> {
  refuseOption(ref);
  try {
    return await git(root, args);
  } catch (err) {
    throw unresolved(err, ref);
  }
}

/** A ref that starts with `-` would be read by git as an option. */
function refuseOption(ref: string): void {
  if (ref.startsWith('-')) throw new UsageError(`agent-guard: "${ref}" is not a ref or range.`);
}

function unresolved(err: unknown, ref: string): unknown {
  if (!(err instanceof GitError)) return err;
  return new UsageError(`agent-guard: git could not resolve "${ref}": ${err.stderr.trim().split('\n')[0]}. Fetch it or pass a ref that exists (e.g. --base origin/main after git fetch).`);
}
