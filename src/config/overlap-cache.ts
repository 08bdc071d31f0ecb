import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OverlapMemo, PairVerdict } from '../core/glob-overlap.js';
import { writeFileAtomic } from '../io/atomic.js';

const KEPT = 5_000;

/**
 * The glob-overlap verdicts of pairs of scopes, kept in the common git dir
 * (`agent-guard/glob-overlaps.json`): the same globs always give the same verdict, so `status`,
 * `plan` and `spawn` build automata only for scopes they have not seen. A damaged file is ignored.
 */
export class OverlapCache implements OverlapMemo {
  private verdicts: Record<string, PairVerdict> = {};
  private dirty = false;

  private constructor(private readonly file: string) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; verdicts?: Record<string, unknown> };
      if (parsed.version !== 1) return;
      for (const [key, value] of Object.entries(parsed.verdicts ?? {})) if (isVerdict(value)) this.verdicts[key] = value;
    } catch {
      // none yet, or damaged
    }
  }

  static forCommonDir(commonDir: string): OverlapCache {
    return new OverlapCache(join(commonDir, 'agent-guard', 'glob-overlaps.json'));
  }

  get(key: string): PairVerdict | undefined {
    return Object.hasOwn(this.verdicts, key) ? this.verdicts[key] : undefined;
  }

  set(key: string, verdict: PairVerdict): void {
    this.verdicts[key] = verdict;
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    const kept = Object.fromEntries(Object.entries(this.verdicts).slice(-KEPT));
    try {
      writeFileAtomic(this.file, JSON.stringify({ version: 1, verdicts: kept }));
    } catch {
      // a read-only git dir: the next run decides again
    }
    this.dirty = false;
  }
}

function isVerdict(value: unknown): value is PairVerdict {
  if (value === null) return true;
  const v = value as Record<string, unknown>;
  return typeof v === 'object' && (typeof v.witness === 'string' || typeof v.undecided === 'string');
}
