import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUSKY_CHAIN, type HookChain } from '../core/hook-scripts.js';
import { writeFileAtomic } from '../io/atomic.js';
import { HOOK_MODES, type HookMode } from './hook-mode.js';

/**
 * What `init` changed, kept in the common git dir so that `uninstall` puts back exactly what was
 * there: each file's content before the first init (null: it did not exist) and after the last one.
 */
export interface FileRecord {
  before: string | null;
  after: string | null;
}

export interface InstallRecord {
  version: 1;
  mode: HookMode;
  chain: HookChain;
  /** Files of the main worktree, by path relative to its top. */
  files: Record<string, FileRecord>;
  /** Files of the common git dir (config, config.worktree, info/exclude), by path relative to it. */
  gitFiles: Record<string, FileRecord>;
  /** init made .husky/_ (husky's own install). */
  huskyDir: boolean;
  /** Written by `doctor --fix` where no init recorded the files: uninstall then looks for agent-guard's parts. */
  partial?: boolean;
}

export const RECORD_FILE = join('agent-guard', 'install.json');
/** The common git dir's files init may change. */
export const RECORDED_GIT_FILES = ['config', 'config.worktree', join('info', 'exclude')];

export function readInstallRecord(commonDir: string): InstallRecord | null {
  try {
    const record = JSON.parse(readFileSync(join(commonDir, RECORD_FILE), 'utf8')) as InstallRecord;
    return record.version === 1 && HOOK_MODES.includes(record.mode) ? record : null;
  } catch {
    return null;
  }
}

/** How this repository's hooks were set up; today's husky setup where no init recorded it. */
export function hookSetup(commonDir: string): { mode: HookMode; chain: HookChain } {
  const record = readInstallRecord(commonDir);
  return record ? { mode: record.mode, chain: record.chain } : { mode: 'husky', chain: HUSKY_CHAIN };
}

/** A later init's record on top of an earlier one: the earliest `before` of each file, the latest `after`. */
export function mergedRecord(earlier: InstallRecord | null, later: InstallRecord): InstallRecord {
  if (!earlier) return later;
  const merge = (a: Record<string, FileRecord>, b: Record<string, FileRecord>) => {
    const out: Record<string, FileRecord> = { ...a };
    for (const [path, rec] of Object.entries(b)) out[path] = { before: a[path] ? a[path]!.before : rec.before, after: rec.after };
    return out;
  };
  if (earlier.partial) return later;
  return { ...later, files: merge(earlier.files, later.files), gitFiles: merge(earlier.gitFiles, later.gitFiles), huskyDir: earlier.huskyDir || later.huskyDir };
}

export function writeInstallRecord(commonDir: string, record: InstallRecord): void {
  writeFileAtomic(join(commonDir, RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
}
