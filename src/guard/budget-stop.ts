import { readFileSync } from 'node:fs';
import { overBudget, budgetStopPath, type BudgetStop } from '../status/budget.js';
import { costOf } from '../status/prices.js';

/**
 * The refusal for an agent that spent its budget under `budget.action: "stop"`, or null. Costs one
 * failed file open for every agent without such a budget: only a worktree with a budget stop reads
 * its sessions.
 */
export async function budgetRefusal(gitDir: string): Promise<string | null> {
  let stop: BudgetStop;
  try {
    stop = JSON.parse(readFileSync(budgetStopPath(gitDir), 'utf8')) as BudgetStop;
  } catch {
    return null;
  }
  // the session readers load only for an agent with a budget stop
  const record = (await import('../status/tokens.js')).sessionTokens(gitDir);
  if (!record) return null;
  const spent = overBudget(stop.budget, record.tokens, stop.prices ? costOf(record.byModel, stop.prices) : null);
  if (!spent) return null;
  return `agent-guard: agent "${stop.agent}" has spent its budget (${spent}). Stop here: make no further changes and run no more commands. Report to the person what is done, what is left, and what you would do next; they decide whether to raise the budget (agents.${stop.agent}.budget) or restart you with a sharper task.`;
}
