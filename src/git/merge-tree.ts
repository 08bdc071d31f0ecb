import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { UsageError } from '../core/errors.js';
import { mergeTreesAtOnce } from './merge-batch.js';
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

/**
 * A forecast commit's object, byte for byte what `git commit-tree` writes: a fixed identity and date,
 * so the same tree and parents always give the same commit, found in the cache again. Pure.
 */
export function forecastCommitText(tree: string, parents: readonly string[]): string {
  const who = 'agent-guard <forecast@agent-guard> 0 +0000';
  return `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author ${who}\ncommitter ${who}\n\nagent-guard forecast\n`;
}

/**
 * Commit objects of forecast merge results that no ref points to (git gc removes them in time),
 * written by one `git hash-object` for them all.
 */
export async function forecastCommits(root: string, items: readonly { tree: string; parents: readonly string[] }[]): Promise<string[]> {
  if (items.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'agent-guard-commits-'));
  try {
    const files = items.map(({ tree, parents }, i) => {
      const file = join(dir, String(i));
      writeFileSync(file, forecastCommitText(tree, parents));
      return file;
    });
    return (await git(root, ['hash-object', '-w', '-t', 'commit', '--stdin-paths'], files.join('\n') + '\n')).trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function forecastCommit(root: string, tree: string, parents: readonly string[]): Promise<string> {
  return (await forecastCommits(root, [{ tree, parents }]))[0]!;
}

/** Forecasts kept in the git dir by the commit ids merged: a second look with nothing changed runs no merge. */
export class MergeCache {
  private entries: Record<string, MergeForecast> = {};
  private commits: Record<string, string> = {};
  private touched: Record<string, string[]> = {};
  private dirty = false;
  constructor(private readonly file: string) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; merges?: Record<string, MergeForecast>; commits?: Record<string, string>; touched?: Record<string, string[]> };
      if (parsed.version === 1 && parsed.merges && typeof parsed.merges === 'object') {
        for (const [key, value] of Object.entries(parsed.merges)) if (isForecast(value)) this.entries[key] = value;
        for (const [key, value] of Object.entries(parsed.commits ?? {})) if (typeof value === 'string' && /^([0-9a-f]{40,64}|yes|no)$/.test(value)) this.commits[key] = value;
        for (const [key, value] of Object.entries(parsed.touched ?? {})) if (Array.isArray(value) && value.every((p) => typeof p === 'string')) this.touched[key] = value;
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

  /**
   * Several merges, results in order: the ones not cached from one sh process (mergeTreesAtOnce);
   * any it could not answer (a forecast commit git gc pruned, git's own error) one by one as merge().
   */
  async mergeAll(root: string, pairs: readonly (readonly [string, string])[]): Promise<MergeForecast[]> {
    const key = ([ours, theirs]: readonly [string, string]) => `${ours}:${theirs}`;
    const missing = [...new Map(pairs.filter((pair) => !this.entries[key(pair)]).map((pair) => [key(pair), pair])).values()];
    if (missing.length > 1) {
      const found = await mergeTreesAtOnce(root, missing);
      missing.forEach((pair, i) => {
        if (found[i]) this.entries[key(pair)] = parseMergeTree(found[i]!.out, found[i]!.clean);
      });
      this.dirty = true;
    }
    const results: MergeForecast[] = [];
    for (const [ours, theirs] of pairs) results.push(await this.merge(root, ours, theirs));
    return results;
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

  /**
   * For each branch ref and its tip, whether the tip is in `of`'s history: the ones not remembered
   * from one `git for-each-ref --merged`, not a process each.
   */
  async inHistoryOf(root: string, of: string, branches: readonly { ref: string; tip: string }[]): Promise<boolean[]> {
    const key = (tip: string) => `ancestor:${tip}:${of}`;
    const missing = branches.filter((b) => !(key(b.tip) in this.commits));
    if (missing.length) {
      const merged = new Set((await git(root, ['for-each-ref', `--merged=${of}`, '--format=%(objectname)', ...missing.map((b) => b.ref)])).split('\n'));
      for (const { tip } of missing) this.commits[key(tip)] = merged.has(tip) ? 'yes' : 'no';
      this.dirty = true;
    }
    return branches.map((b) => this.commits[key(b.tip)] === 'yes');
  }

  /** The forecast commit of a merge result (forecastCommit), remembered: it is the same commit every time. */
  async commit(root: string, tree: string, parents: readonly string[]): Promise<string> {
    return (await this.commitAll(root, [{ tree, parents }]))[0]!;
  }

  /** The forecast commits of several merge results, the ones not remembered from one git process. */
  async commitAll(root: string, items: readonly { tree: string; parents: readonly string[] }[]): Promise<string[]> {
    const key = ({ tree, parents }: { tree: string; parents: readonly string[] }) => `commit:${tree}:${parents.join(':')}`;
    const missing = items.filter((item) => !this.commits[key(item)]);
    if (missing.length) {
      const made = await forecastCommits(root, missing);
      missing.forEach((item, i) => {
        this.commits[key(item)] = made[i]!;
      });
      this.dirty = true;
    }
    return items.map((item) => this.commits[key(item)]!);
  }

  /**
   * For each [from, to], the paths that differ between the two commits (remembered: commits never
   * change), the ones not known yet from one `git diff-tree --stdin`.
   */
  async changedPaths(root: string, pairs: readonly (readonly [string, string])[]): Promise<string[][]> {
    const key = ([from, to]: readonly [string, string]) => `${from}:${to}`;
    const missing = pairs.filter((pair) => !(key(pair) in this.touched));
    if (missing.length) {
      const found = await changedPathsBetween(root, missing);
      missing.forEach((pair, i) => {
        this.touched[key(pair)] = found[i]!;
      });
      this.dirty = true;
    }
    return pairs.map((pair) => this.touched[key(pair)]!);
  }

  save(): void {
    if (!this.dirty) return;
    const latest = <T>(map: Record<string, T>) => Object.fromEntries(Object.keys(map).slice(-500).map((k) => [k, map[k]!]));
    writeFileAtomic(this.file, JSON.stringify({ version: 1, merges: latest(this.entries), commits: latest(this.commits), touched: latest(this.touched) }));
    this.dirty = false;
  }
}

/**
 * `git diff-tree --stdin`, one line per pair. Its block for a line starts with the line's first id,
 * which the pairs share (base): so each line names `to` first, and the changes come out reversed.
 */
async function changedPathsBetween(root: string, pairs: readonly (readonly [string, string])[]): Promise<string[][]> {
  const out = await git(root, ['diff-tree', '--stdin', '-r', '--name-status', '-z', '--no-renames'], pairs.map(([from, to]) => `${to} ${from}\n`).join(''));
  return parseChangedPaths(out, pairs.map(([, to]) => to)).map((changes) => changes.map((c) => (c[0] === 'A' ? `D${c.slice(1)}` : c[0] === 'D' ? `A${c.slice(1)}` : c)));
}

/**
 * diff-tree's --stdin --name-status -z output split by pair, each change as "STATUS:path" (a block is
 * the line's first id, then status and path of each change; a line whose commits do not differ
 * prints nothing at all). Pure.
 */
export function parseChangedPaths(output: string, heads: readonly string[]): string[][] {
  const result: string[][] = heads.map(() => []);
  const tokens = output.split('\0');
  let at = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '') continue;
    const next = /^[0-9a-f]{40,64}$/.test(token) ? heads.indexOf(token, at + 1) : -1;
    if (next >= 0) at = next;
    else if (at >= 0 && /^[ACDMTUX]$/.test(token) && i + 1 < tokens.length) result[at]!.push(`${token}:${tokens[++i]}`);
  }
  return result;
}

/**
 * Whether two sides' changes ("STATUS:path", as parseChangedPaths gives them) cannot meet in a merge,
 * so that each merging cleanly alone means they merge cleanly together. They meet where both change
 * one path; where a path of one is a folder of the other's (file/folder); and where one side deletes
 * a file from a folder in which the other changes anything (git's directory-rename detection could
 * move the other's file after it). Pure.
 */
export function pathsApart(a: readonly string[], b: readonly string[]): boolean {
  return oneWayApart(a, b) && oneWayApart(b, a);
}

function oneWayApart(a: readonly string[], b: readonly string[]): boolean {
  const folders = (path: string) => {
    const out: string[] = [];
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
    return out;
  };
  const bPaths = new Set(b.map((c) => c.slice(2)));
  const bFolders = new Set(b.flatMap((c) => folders(c.slice(2))));
  for (const change of a) {
    const path = change.slice(2);
    if (bPaths.has(path) || bFolders.has(path)) return false;
    if (change[0] === 'D' && folders(path).some((folder) => bFolders.has(folder))) return false;
  }
  return true;
}

function isForecast(value: unknown): value is MergeForecast {
  const v = value as MergeForecast;
  return typeof v === 'object' && v !== null && typeof v.clean === 'boolean' && typeof v.tree === 'string' && /^[0-9a-f]{40,64}$/.test(v.tree) && Array.isArray(v.conflicts) && v.conflicts.every((c) => typeof c.path === 'string' && typeof c.kind === 'string');
}
