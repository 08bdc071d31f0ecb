import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { overBudget, budgetStopPath, type BudgetStop } from '../status/budget.js';
import { costOf } from '../status/prices.js';
import { sessionTokens } from '../status/tokens.js';

/**
 * The refusal for an agent that spent its budget under `budget.action: "stop"`, or null. Costs one
 * failed file open for every agent without such a budget: only a worktree with a budget stop reads
 * its sessions.
 */
export function budgetRefusal(gitDir: string): string | null {
  let stop: BudgetStop;
  try {
    stop = JSON.parse(readFileSync(budgetStopPath(gitDir), 'utf8')) as BudgetStop;
  } catch {
    return null;
  }
  const record = sessionTokens(gitDir);
  if (!record) return null;
  const spent = overBudget(stop.budget, record.tokens, stop.prices ? costOf(record.byModel, stop.prices) : null);
  if (!spent) return null;
  return `agent-guard: agent "${stop.agent}" has spent its budget (${spent}). Stop here: make no further changes and run no more commands. Report to the person what is done, what is left, and what you would do next; they decide whether to raise the budget (agents.${stop.agent}.budget) or restart you with a sharper task.`;
}

/**
 * The git dir of the linked worktree `start` is in, found by reading `.git` upwards (no git
 * process); null in a main checkout (its `.git` is a folder) or outside a repository.
 */
export function linkedGitDirAbove(start: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    try {
      const text = readFileSync(join(dir, '.git'), 'utf8');
      const pointer = /^gitdir: (.+)$/m.exec(text)?.[1]?.trim();
      return pointer ? resolve(dir, pointer) : null;
    } catch (err) {
      // a folder (the main checkout's .git): no agent worktree, no budget stop
      if ((err as NodeJS.ErrnoException).code === 'EISDIR') return null;
    }
    if (dirname(dir) === dir) return null;
  }
}
