import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gitOrNull, gitShielded } from '../git/run.js';
import { lockHeld } from '../io/atomic.js';
import { finishLanding, landingLeft } from '../git/merge-landing.js';
import { leftoverScratch, removeScratch } from '../git/merge-scratch.js';
import type { Finding } from './diagnose.js';

/** What a stopped merge can leave: its scratch checkout, a landing half done, or (older versions) the main checkout detached mid-merge. */
interface Leftovers {
  scratch: string | null;
  landing: boolean;
  /** The main checkout sits detached where an older agent-guard's merge left it; `merging`: with git's merge state. */
  detached: { head: string; merging: boolean } | null;
}

const running = (commonDir: string) => lockHeld(join(commonDir, 'agent-guard', 'merge.lock'));

async function gather(root: string, commonDir: string): Promise<Leftovers> {
  if (running(commonDir)) return { scratch: null, landing: false, detached: null };
  const scratch = leftoverScratch(commonDir);
  const branch = await gitOrNull(root, ['symbolic-ref', '-q', 'HEAD']);
  let detached: Leftovers['detached'] = null;
  if (branch === null) {
    // the older merge moved HEAD itself, with reflog messages that say so
    const last = (await gitOrNull(root, ['reflog', '-n', '3', '--format=%gs', 'HEAD'])) ?? '';
    if (/^agent-guard merge: detach for /m.test(last)) {
      detached = { head: ((await gitOrNull(root, ['rev-parse', 'HEAD'])) ?? '').trim(), merging: existsSync(join(commonDir, 'MERGE_HEAD')) };
    }
  }
  return { scratch: scratch ? (scratch.tree ?? scratch.gitDir) : null, landing: landingLeft(commonDir), detached };
}

export async function mergeLeftoverFindings(root: string, commonDir: string, base: string | null): Promise<Finding[]> {
  const left = await gather(root, commonDir);
  const findings: Finding[] = [];
  if (left.scratch) findings.push({ ok: false, what: `a stopped merge left its scratch checkout at ${left.scratch}`, fix: 'run `agent-guard doctor --fix` (or the merge again, which deletes it first)' });
  if (left.landing) findings.push({ ok: false, what: 'a merge was stopped while landing a step', fix: 'run `agent-guard doctor --fix`: it finishes the step (it had passed) or drops it' });
  if (left.detached) {
    findings.push({
      ok: false,
      what: `this checkout was left on a detached HEAD (${left.detached.head.slice(0, 12)}) by a merge of an older agent-guard that was stopped${left.detached.merging ? ', in the middle of git merge' : ''}; ${base ?? 'base'} itself was not moved by it`,
      fix: `run \`agent-guard doctor --fix\`: it puts this checkout back on ${base ?? 'base'} (your uncommitted changes, if any, stop it)`,
    });
  }
  return findings.length ? findings : [{ ok: true, what: 'no merge was left half done' }];
}

export async function fixMergeLeftovers(root: string, commonDir: string, base: string | null): Promise<string[]> {
  const left = await gather(root, commonDir);
  const lines: string[] = [];
  if (left.landing) lines.push(...(await finishLanding(commonDir)).map((l) => `  fixed ${l}`), '  fixed the half-landed merge step');
  if (left.scratch) {
    removeScratch(commonDir);
    lines.push(`  fixed ${left.scratch}: the stopped merge's scratch checkout deleted`);
  }
  if (left.detached && base) {
    if (left.detached.merging) await gitShielded(root, ['merge', '--abort']);
    const changed = ((await gitOrNull(root, ['status', '--porcelain', '--untracked-files=no'])) ?? '').trim();
    // the half-made merge commit was never on base: its files go, base's come back
    if (changed && !left.detached.merging) {
      lines.push(`  note  this checkout has uncommitted changes on the detached HEAD; commit or stash them, then run \`git checkout ${base}\``);
    } else {
      await gitShielded(root, ['update-index', '-q', '--refresh']).catch(() => undefined);
      await gitShielded(root, ['read-tree', '-u', '-m', 'HEAD', `refs/heads/${base}`]);
      await gitShielded(root, ['symbolic-ref', '-m', 'agent-guard doctor: back on base', 'HEAD', `refs/heads/${base}`]);
      lines.push(`  fixed this checkout: back on ${base}, with its files`);
    }
  }
  return lines;
}
