import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { UsageError } from '../core/errors.js';
import { git, GitError } from './run.js';

/** One file a merge would leave conflicted, with the kind git names (content, add/add, modify/delete, rename…). */
export interface MergeConflict {
  path: string;
  kind: string;
}

/** What merging two commits would give, computed without touching any worktree (`git merge-tree --write-tree`). */
export interface MergeForecast {
  clean: boolean;
  /** The merged tree (with conflict markers where it is not clean). */
  tree: string;
  conflicts: MergeConflict[];
}

/**
 * `git merge-tree --write-tree -z --messages` output, read: the tree, the conflicted stage entries,
 * then for each message its paths, its type (`CONFLICT (contents)`, `Auto-merging`…) and its text.
 */
export function parseMergeTree(out: string, clean: boolean): MergeForecast {
  const fields = out.split('\0');
  const tree = fields[0]!.trim();
  let i = 1;
  const staged = new Set<string>();
  for (; i < fields.length && fields[i] !== ''; i++) {
    const tab = fields[i]!.indexOf('\t');
    if (tab >= 0) staged.add(fields[i]!.slice(tab + 1));
  }
  const conflicts: MergeConflict[] = [];
  for (i++; i < fields.length; ) {
    const count = Number(fields[i]);
    if (!Number.isInteger(count) || count < 1) break;
    const paths = fields.slice(i + 1, i + 1 + count);
    const type = fields[i + 1 + count] ?? '';
    i += count + 3;
    const kind = /^CONFLICT \((.+)\)$/.exec(type)?.[1];
    if (!kind) continue;
    const name = kind === 'contents' ? 'content' : kind.startsWith('rename') ? 'rename' : kind;
    for (const path of paths) if (!conflicts.some((c) => c.path === path)) conflicts.push({ path, kind: name });
  }
  for (const path of staged) if (!conflicts.some((c) => c.path === path)) conflicts.push({ path, kind: 'content' });
  return { clean, tree, conflicts: clean ? [] : conflicts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** Merging `theirs` into `ours` as git would (their merge base found by git); exit 1 of merge-tree means conflicts. */
export async function mergeTree(root: string, ours: string, theirs: string): Promise<MergeForecast> {
  try {
    return parseMergeTree(await git(root, ['merge-tree', '--write-tree', '-z', '--messages', ours, theirs]), true);
  } catch (err) {
    if (err instanceof GitError && err.code === 1 && err.stdout) return parseMergeTree(err.stdout, false);
    // git before 2.38 knows no --write-tree (a usage error, exit 129)
    if (err instanceof GitError && err.code === 129) throw new UsageError(`agent-guard: the conflict forecast needs git 2.38 or later (git merge-tree --write-tree); ${(await git(root, ['version'])).trim()} is older.`);
    throw err;
  }
}

// A fixed identity and date: the same tree and parents always give the same commit, so a forecast
// built on it is found in the cache again.
const FORECAST_ENV = { GIT_AUTHOR_NAME: 'agent-guard', GIT_AUTHOR_EMAIL: 'forecast@agent-guard', GIT_AUTHOR_DATE: '@0 +0000', GIT_COMMITTER_NAME: 'agent-guard', GIT_COMMITTER_EMAIL: 'forecast@agent-guard', GIT_COMMITTER_DATE: '@0 +0000' };

/** A commit object of a forecast merge result that no ref points to (git gc removes it in time). */
export async function forecastCommit(root: string, tree: string, parents: readonly string[]): Promise<string> {
  return (await git(root, ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', 'agent-guard forecast'], undefined, FORECAST_ENV)).trim();
}

/** Forecasts kept in the git dir by the commit ids merged: a second look with nothing changed runs no merge. */
export class MergeCache {
  private entries: Record<string, MergeForecast> = {};
  private commits: Record<string, string> = {};
  private dirty = false;
  constructor(private readonly file: string) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; merges?: Record<string, MergeForecast>; commits?: Record<string, string> };
      if (parsed.version === 1 && parsed.merges && typeof parsed.merges === 'object') {
        for (const [key, value] of Object.entries(parsed.merges)) if (isForecast(value)) this.entries[key] = value;
        for (const [key, value] of Object.entries(parsed.commits ?? {})) if (typeof value === 'string' && /^([0-9a-f]{40,64}|yes|no)$/.test(value)) this.commits[key] = value;
      }
    } catch {
      // none yet, or damaged: recomputed
    }
  }

  static forCommonDir(commonDir: string): MergeCache {
    return new MergeCache(join(commonDir, 'agent-guard', 'conflicts-cache.json'));
  }

  async merge(root: string, ours: string, theirs: string): Promise<MergeForecast> {
    const key = `${ours}:${theirs}`;
    const hit = this.entries[key];
    if (hit) return hit;
    let forecast: MergeForecast;
    try {
      forecast = await mergeTree(root, ours, theirs);
    } catch (err) {
      // A remembered forecast commit that git gc has pruned since (no ref points to it): made again,
      // it is the same commit.
      const made = Object.entries(this.commits).find(([, sha]) => sha === ours)?.[0];
      if (!made) throw err;
      const [, tree, ...parents] = made.split(':');
      await forecastCommit(root, tree!, parents);
      forecast = await mergeTree(root, ours, theirs);
    }
    this.entries[key] = forecast;
    this.dirty = true;
    return forecast;
  }

  /** Whether `ancestor` is in `of`'s history, remembered (commits never change). */
  async isAncestor(root: string, ancestor: string, of: string): Promise<boolean> {
    const key = `ancestor:${ancestor}:${of}`;
    if (key in this.commits) return this.commits[key] === 'yes';
    const yes = (await git(root, ['merge-base', '--is-ancestor', ancestor, of]).then(() => true, (err: unknown) => {
      if (err instanceof GitError && err.code === 1) return false;
      throw err;
    }));
    this.commits[key] = yes ? 'yes' : 'no';
    this.dirty = true;
    return yes;
  }

  /** The forecast commit of a merge result (forecastCommit), remembered: it is the same commit every time. */
  async commit(root: string, tree: string, parents: readonly string[]): Promise<string> {
    const key = `commit:${tree}:${parents.join(':')}`;
    const hit = this.commits[key];
    if (hit) return hit;
    const sha = await forecastCommit(root, tree, parents);
    this.commits[key] = sha;
    this.dirty = true;
    return sha;
  }

  save(): void {
    if (!this.dirty) return;
    const keys = Object.keys(this.entries);
    const kept = Object.fromEntries(keys.slice(Math.max(0, keys.length - 500)).map((k) => [k, this.entries[k]!]));
    const commitKeys = Object.keys(this.commits);
    const commits = Object.fromEntries(commitKeys.slice(Math.max(0, commitKeys.length - 500)).map((k) => [k, this.commits[k]!]));
    writeFileAtomic(this.file, JSON.stringify({ version: 1, merges: kept, commits }));
    this.dirty = false;
  }
}

function isForecast(value: unknown): value is MergeForecast {
  const v = value as MergeForecast;
  return typeof v === 'object' && v !== null && typeof v.clean === 'boolean' && typeof v.tree === 'string' && /^[0-9a-f]{40,64}$/.test(v.tree) && Array.isArray(v.conflicts) && v.conflicts.every((c) => typeof c.path === 'string' && typeof c.kind === 'string');
}
