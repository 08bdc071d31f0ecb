import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Change } from '../core/policy.js';
import { writeFileAtomic } from '../io/atomic.js';

/** Beyond this many changes a commit's list is not kept (a 20,000-path commit would bloat the file). */
const MAX_CHANGES = 2_000;
const KEPT_LOGS = 300;
/**
 * The logs kept, newest first, stop at this many characters: a branch's log grows with each of its
 * commits and each commit keys a new one, so a long-running agent would otherwise make the file (read
 * by every status and every update of the live page) grow with the square of its commits.
 */
const KEPT_LOG_CHARS = 1_000_000;
const KEPT_COMMITS = 2_000;

/**
 * What `status` learns from git that never changes: the log between a base tip and a branch tip
 * (keyed by both ids and the excluded ones), and the changes of a commit. Kept in the common git dir
 * (`agent-guard/status-cache.json`), so `status --watch` re-runs only the `git status` calls; a
 * damaged file or entry is recomputed, never trusted.
 */
export class HistoryCache {
  private logs: Record<string, string> = {};
  private changes: Record<string, Change[]> = {};
  private dirty = false;

  constructor(private readonly file: string) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; logs?: Record<string, unknown>; changes?: Record<string, unknown> };
      if (parsed.version !== 1) return;
      for (const [key, value] of Object.entries(parsed.logs ?? {})) if (typeof value === 'string') this.logs[key] = value;
      for (const [sha, value] of Object.entries(parsed.changes ?? {})) if (Array.isArray(value) && value.every(isChange)) this.changes[sha] = value;
    } catch {
      // none yet, or damaged
    }
  }

  static forCommonDir(commonDir: string): HistoryCache {
    return new HistoryCache(join(commonDir, 'agent-guard', 'status-cache.json'));
  }

  log(key: string): string | undefined {
    return this.logs[key];
  }

  rememberLog(key: string, output: string): void {
    this.logs[key] = output;
    this.dirty = true;
  }

  /** The changes of each commit known, and the commits whose changes are not. */
  changesOf(commits: readonly string[]): { known: Map<string, Change[]>; missing: string[] } {
    const known = new Map<string, Change[]>();
    const missing: string[] = [];
    for (const sha of commits) {
      const hit = this.changes[sha];
      if (hit) known.set(sha, hit);
      else missing.push(sha);
    }
    return { known, missing };
  }

  rememberChanges(byCommit: ReadonlyMap<string, Change[]>, commits: readonly string[]): void {
    for (const sha of commits) {
      const list = byCommit.get(sha) ?? []; // a commit git listed nothing for (an empty commit)
      if (list.length <= MAX_CHANGES) this.changes[sha] = list;
    }
    if (commits.length) this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    const latest = <T>(map: Record<string, T>, kept: number) => Object.fromEntries(Object.keys(map).slice(-kept).map((k) => [k, map[k]!]));
    try {
      writeFileAtomic(this.file, JSON.stringify({ version: 1, logs: latestWithin(this.logs, KEPT_LOGS, KEPT_LOG_CHARS), changes: latest(this.changes, KEPT_COMMITS) }));
    } catch {
      // a read-only git dir: status works without its cache
    }
    this.dirty = false;
  }
}

/** The newest entries (the last inserted), at most `count` of them and `chars` characters of their text together. */
function latestWithin(map: Record<string, string>, count: number, chars: number): Record<string, string> {
  const keys = Object.keys(map).slice(-count);
  let total = 0;
  let from = keys.length;
  while (from > 0 && total + map[keys[from - 1]!]!.length <= chars) total += map[keys[--from]!]!.length;
  return Object.fromEntries(keys.slice(from).map((k) => [k, map[k]!]));
}

function isChange(value: unknown): value is Change {
  const c = value as Change;
  return typeof c === 'object' && c !== null && typeof c.path === 'string' && typeof c.kind === 'string' && (c.oldPath === null || typeof c.oldPath === 'string') && typeof c.commit === 'string';
}
