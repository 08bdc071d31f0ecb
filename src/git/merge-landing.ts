import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gitOrNull, gitShielded } from './run.js';
import { writeFileAtomic } from '../io/atomic.js';

/**
 * Landing one step of the merge queue: the checkout that has base checked out (if it is clean and
 * on base) takes the merged files, then base moves by a compare-and-swap of its ref. A journal
 * written first lets a run killed between the two finish the step (it passed verify) instead of
 * leaving a checkout whose files and branch disagree.
 */
export interface Landing {
  agent: string;
  /** The main checkout (where git runs when no checkout follows). */
  root: string;
  /** `refs/heads/BASE` */
  ref: string;
  from: string;
  to: string;
  /** The checkout that follows base, or null (none has it checked out, or it is not clean). */
  checkout: string | null;
}

const journalPath = (commonDir: string) => join(commonDir, 'agent-guard', 'merge-journal.json');

export type LandingOutcome = { ok: true } | { ok: false; why: 'checkout-changed' | 'base-moved'; detail: string };

/** Lands one step; nothing in it can be cut halfway by a terminal's Ctrl-C (its git runs apart). */
export async function land(commonDir: string, step: Landing): Promise<LandingOutcome> {
  writeFileAtomic(journalPath(commonDir), JSON.stringify(step) + '\n');
  try {
    if (step.checkout) {
      try {
        // read-tree trusts the index's file stats: refreshed first, an untouched file is not taken for an edit
        await gitShielded(step.checkout, ['update-index', '-q', '--refresh']).catch(() => undefined);
        await gitShielded(step.checkout, ['read-tree', '-u', '-m', step.from, step.to]);
      } catch (err) {
        return { ok: false, why: 'checkout-changed', detail: String((err as { stderr?: string }).stderr ?? err).trim() };
      }
    }
    try {
      await gitShielded(step.checkout ?? step.root, ['update-ref', '-m', `agent-guard merge: ${step.agent}`, step.ref, step.to, step.from]);
    } catch (err) {
      if (step.checkout) await gitShielded(step.checkout, ['read-tree', '-u', '-m', step.to, step.from]);
      return { ok: false, why: 'base-moved', detail: String((err as { stderr?: string }).stderr ?? err).trim() };
    }
    return { ok: true };
  } finally {
    rmSync(journalPath(commonDir), { force: true });
  }
}

/**
 * Finishes a landing a killed run left halfway, from its journal: the checkout has the merged files
 * and base is still at the step before → base moves (the step had passed). Anything else: the step
 * never started or fully landed, and the journal goes. Returns what it did, for the screen.
 */
export async function finishLanding(commonDir: string): Promise<string[]> {
  let step: Landing;
  try {
    step = JSON.parse(readFileSync(journalPath(commonDir), 'utf8')) as Landing;
  } catch {
    rmSync(journalPath(commonDir), { force: true });
    return [];
  }
  const lines: string[] = [];
  const tip = (await gitOrNull(step.root, ['rev-parse', '--verify', '-q', step.ref]))?.trim();
  if (tip === step.from && step.checkout && (await indexIs(step.checkout, step.to))) {
    await gitShielded(step.checkout, ['update-ref', '-m', `agent-guard merge: ${step.agent} (finished)`, step.ref, step.to, step.from]);
    lines.push(`Finished landing "${step.agent}", stopped between its checkout and its ref: ${step.ref.replace('refs/heads/', '')} is at ${step.to.slice(0, 12)}.`);
  }
  rmSync(journalPath(commonDir), { force: true });
  return lines;
}

/** A landing's journal is there: a run was killed while landing. */
export function landingLeft(commonDir: string): boolean {
  try {
    readFileSync(journalPath(commonDir));
    return true;
  } catch {
    return false;
  }
}

async function indexIs(checkout: string, commit: string): Promise<boolean> {
  return (await gitOrNull(checkout, ['diff-index', '--cached', '--quiet', commit, '--'])) !== null;
}
