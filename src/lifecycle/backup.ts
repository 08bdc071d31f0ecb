import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../git/run.js';
import { branchTip, hasUncommittedWork, revParse } from '../git/worktrees.js';

export const BACKUP_NAMESPACE = 'refs/agent-guard/backup';

export interface Backup {
  /** Ref holding the branch tip, if there was a branch. */
  branchRef: string | null;
  /** Ref holding a commit of the worktree's uncommitted files (tracked and untracked), if any. */
  worktreeRef: string | null;
  /** Ref holding a blob of what else was known of the session (its old task, its refusals), if any. */
  notesRef: string | null;
}

/**
 * Saves what removing an agent's worktree and branch could lose, under
 * `refs/agent-guard/backup/NAME/<time>/`: the branch tip, and the uncommitted work as a commit on
 * top of HEAD (made through a temporary index, so the worktree's own index is untouched).
 */
export async function backupAgent(root: string, agent: string, branch: string, worktree: string | null, now = new Date(), notes?: string): Promise<Backup> {
  const prefix = `${BACKUP_NAMESPACE}/${agent}/${now.toISOString().replace(/[:.]/g, '-')}`;
  const tip = await branchTip(root, branch);
  let branchRef: string | null = null;
  if (tip) {
    branchRef = `${prefix}/branch`;
    await git(root, ['update-ref', branchRef, tip]);
  }
  let worktreeRef: string | null = null;
  if (worktree && (await hasUncommittedWork(worktree))) {
    const tempDir = mkdtempSync(join(tmpdir(), 'agent-guard-backup-'));
    try {
      const env = { GIT_INDEX_FILE: join(tempDir, 'index') };
      const head = await revParse(worktree, 'HEAD');
      if (head) await git(worktree, ['read-tree', head], undefined, env);
      await git(worktree, ['add', '-A', '--', '.'], undefined, env);
      const tree = (await git(worktree, ['write-tree'], undefined, env)).trim();
      const message = `agent-guard backup: uncommitted work of agent ${agent} in ${worktree}`;
      const identity = { GIT_AUTHOR_NAME: 'agent-guard', GIT_AUTHOR_EMAIL: 'agent-guard@localhost', GIT_COMMITTER_NAME: 'agent-guard', GIT_COMMITTER_EMAIL: 'agent-guard@localhost' };
      const commit = (await git(worktree, ['commit-tree', tree, ...(head ? ['-p', head] : []), '-m', message], undefined, identity)).trim();
      worktreeRef = `${prefix}/worktree`;
      await git(root, ['update-ref', worktreeRef, commit]);
    } finally {
      rmSync(tempDir, { recursive: true, force: true });
    }
  }
  let notesRef: string | null = null;
  if (notes !== undefined) {
    const blob = (await git(root, ['hash-object', '-w', '--stdin'], notes)).trim();
    notesRef = `${prefix}/notes`;
    await git(root, ['update-ref', notesRef, blob]);
  }
  return { branchRef, worktreeRef, notesRef };
}

/** The commands that bring a backup back, for the person who reads the output. */
export function restoreInstructions(backup: Backup, branch: string): string[] {
  const lines: string[] = [];
  if (backup.branchRef) lines.push(`  branch tip:       git branch ${branch}-restored ${backup.branchRef}`);
  if (backup.worktreeRef) lines.push(`  uncommitted work: git checkout ${backup.worktreeRef} -- .   (or: git show --stat ${backup.worktreeRef})`);
  if (backup.notesRef) lines.push(`  old task and refusals: git show ${backup.notesRef}`);
  return lines;
}
