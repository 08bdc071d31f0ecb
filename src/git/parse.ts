import type { Change, ChangeKind } from '../core/policy.js';
import { isObjectId } from './fs-refs.js';

const KINDS: Record<string, ChangeKind> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  T: 'type-changed',
  R: 'renamed',
  C: 'copied',
  U: 'unmerged',
};

/**
 * Parses `git diff --name-status -z` output, and the `git diff-tree --stdin -z` and
 * `git log --format=%H -z --name-status` forms where a commit sha precedes each commit's entries
 * (log puts a newline before a commit's first status and an empty field after a commit without one). Renames/copies (`R100`, `C075`) carry two paths; combined-diff
 * statuses of merge commits (`MM`, `AA`: one letter per parent) carry one.
 */
export function parseNameStatus(output: string, commit: string | null = null): Change[] {
  const tokens = output.split('\0');
  if (tokens[tokens.length - 1] === '') tokens.pop();
  const changes: Change[] = [];
  let current = commit;
  for (let i = 0; i < tokens.length; ) {
    let status = tokens[i++]!;
    if (status === '') continue;
    if (status.charCodeAt(0) === 10) status = status.slice(1);
    // 20,000 changes are 20,000 turns of this loop: one letter is the usual status, so it is told
    // apart without a regex (the regexes below are constants: a literal in the loop is a new object per turn).
    const letter = status[0]!;
    if (status.length === 1 && letter !== 'R' && letter !== 'C') {
      changes.push({ kind: KINDS[letter] ?? 'modified', path: tokens[i++]!, oldPath: null, commit: current });
      continue;
    }
    if (isObjectId(status)) {
      current = status;
      continue;
    }
    if (RENAME.test(status)) {
      const oldPath = tokens[i++]!;
      const path = tokens[i++]!;
      changes.push({ kind: KINDS[letter]!, path, oldPath, commit: current });
    } else {
      const kind = COMBINED.test(status) ? combinedKind(status) : (KINDS[letter] ?? 'modified');
      changes.push({ kind, path: tokens[i++]!, oldPath: null, commit: current });
    }
  }
  return changes;
}

const RENAME = /^[RC]\d*$/;
const COMBINED = /^[A-Z]{2,}$/;

/** A merge's combined status: added if added against every parent, deleted likewise, else modified. */
function combinedKind(status: string): ChangeKind {
  if (/^A+$/.test(status)) return 'added';
  if (/^D+$/.test(status)) return 'deleted';
  return 'modified';
}

export interface PushUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const ZERO = /^0+$/;
export const isZeroSha = (sha: string) => ZERO.test(sha);

/** Parses the lines git feeds a pre-push hook: `<local ref> <local sha> <remote ref> <remote sha>`. */
export function parsePushLines(stdin: string): PushUpdate[] {
  return stdin
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [localRef = '', localSha = '', remoteRef = '', remoteSha = ''] = line.split(' ');
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

/**
 * Parses `git cat-file --batch` output for the requested names, in order: each object's id and
 * content, or null for a missing one. Sizes are in bytes, so this works on the raw buffer.
 */
export function parseCatFileBatch(output: Buffer, names: readonly string[]): ({ oid: string; content: string } | null)[] {
  const results: ({ oid: string; content: string } | null)[] = [];
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    const lineEnd = output.indexOf(0x0a, at);
    const header = output.subarray(at, lineEnd).toString('utf8');
    at = lineEnd + 1;
    const match = /^([0-9a-f]+) \w+ (\d+)$/.exec(header);
    if (!match) {
      results.push(null); // "<name> missing" or "<name> ambiguous"
      continue;
    }
    const size = Number(match[2]);
    results.push({ oid: match[1]!, content: output.subarray(at, at + size).toString('utf8') });
    at += size + 1;
  }
  return results;
}

export interface Worktree {
  path: string;
  head: string | null;
  /** Short branch name, or null when detached or bare. */
  branch: string | null;
  /** Registered, but its folder is gone (`git worktree prune` would drop it). */
  prunable: boolean;
  bare: boolean;
}

/** Parses `git worktree list --porcelain -z`: attributes end in NUL, worktrees with an extra NUL. */
export function parseWorktreeList(output: string): Worktree[] {
  return output
    .split('\0\0')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const fields = block.split('\0').filter(Boolean);
      const value = (key: string) => fields.find((f) => f === key || f.startsWith(`${key} `))?.slice(key.length + 1) ?? null;
      const branch = value('branch');
      return {
        path: value('worktree')!,
        head: value('HEAD'),
        branch: branch?.startsWith('refs/heads/') ? branch.slice('refs/heads/'.length) : null,
        prunable: fields.some((f) => f.startsWith('prunable')),
        bare: fields.includes('bare'),
      };
    });
}

/**
 * Parses `git status --porcelain=v1 -z --no-renames`: `XY PATH` entries. Untracked (`??`) files
 * count as added; a deletion in either column as deleted.
 */
export function parseStatusZ(output: string): Change[] {
  return output
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => {
      const xy = entry.slice(0, 2);
      const path = entry.slice(3);
      const kind = xy === '??' || xy.includes('A') ? 'added' : xy.includes('D') ? 'deleted' : xy.includes('U') ? 'unmerged' : 'modified';
      return { kind, path, oldPath: null, commit: null } satisfies Change;
    });
}

/** Parses `git log --left-right --format='%m %H %ct' BASE...TIP`: the tip's own commits (oldest first) and how many base commits it lacks. */
export function parseBranchLog(output: string): { commits: { sha: string; time: number }[]; behind: number } {
  const commits: { sha: string; time: number }[] = [];
  let behind = 0;
  for (const line of output.split('\n').filter(Boolean)) {
    const [side, sha, time] = line.split(' ');
    if (side === '<') behind++;
    else commits.push({ sha: sha!, time: Number(time) * 1000 });
  }
  return { commits, behind };
}
