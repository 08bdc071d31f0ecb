import type { Change, ChangeKind } from '../core/policy.js';

const KINDS: Record<string, ChangeKind> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  T: 'type-changed',
  R: 'renamed',
  C: 'copied',
  U: 'unmerged',
};

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Parses `git diff --name-status -z` output, and the `git diff-tree --stdin -z` form where a commit
 * sha precedes each commit's entries. Renames/copies (`R100`, `C075`) carry two paths; combined-diff
 * statuses of merge commits (`MM`, `AA`: one letter per parent) carry one.
 */
export function parseNameStatus(output: string, commit: string | null = null): Change[] {
  const tokens = output.split('\0');
  if (tokens[tokens.length - 1] === '') tokens.pop();
  const changes: Change[] = [];
  let current = commit;
  for (let i = 0; i < tokens.length; ) {
    const status = tokens[i++]!;
    if (SHA.test(status)) {
      current = status;
      continue;
    }
    if (/^[RC]\d*$/.test(status)) {
      const oldPath = tokens[i++]!;
      const path = tokens[i++]!;
      changes.push({ kind: KINDS[status[0]!]!, path, oldPath, commit: current });
    } else {
      const kind = /^[A-Z]{2,}$/.test(status) ? combinedKind(status) : (KINDS[status[0]!] ?? 'modified');
      changes.push({ kind, path: tokens[i++]!, oldPath: null, commit: current });
    }
  }
  return changes;
}

/** A merge's combined status: added if added against every parent, deleted likewise, else modified. */
function combinedKind(status: string): ChangeKind {
  if (/^A+$/.test(status)) return 'added';
  if (/^D+$/.test(status)) return 'deleted';
  return 'modified';
}
