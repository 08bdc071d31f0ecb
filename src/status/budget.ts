import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import { writeFileAtomic } from '../io/atomic.js';
import { effectivePrices } from './prices.js';
import type { Tokens } from './tokens.js';

export interface Budget {
  tokens?: number;
  usd?: number;
}

/** All the tokens a budget counts: in, out, and cache read and written. */
export const totalTokens = (t: Tokens) => t.input + t.output + t.cacheRead + t.cacheWrite;

/** What was spent past the budget, in words ("1,200,000 tokens of 1,000,000"), or null while within it. Pure. */
export function overBudget(budget: Budget | undefined, tokens: Tokens | undefined, cost: number | null | undefined): string | null {
  if (!budget || !tokens) return null;
  const spent = totalTokens(tokens);
  if (budget.tokens !== undefined && spent >= budget.tokens) return `${spent.toLocaleString('en-US')} tokens of ${budget.tokens.toLocaleString('en-US')}`;
  if (budget.usd !== undefined && typeof cost === 'number' && cost >= budget.usd) return `$${cost.toFixed(2)} of $${budget.usd.toFixed(2)}`;
  return null;
}

/**
 * What the guard needs to stop an agent past its budget, kept in its worktree's git dir (where the
 * agent's edits do not reach): written by spawn and by each status from the trusted config, taken
 * away when the config no longer asks to stop it.
 */
export interface BudgetStop {
  agent: string;
  budget: Budget;
  prices?: Config['prices'];
}

export const budgetStopPath = (gitDir: string) => join(gitDir, 'agent-guard', 'budget-stop.json');

export function budgetStopFor(config: Config, agent: string): BudgetStop | null {
  const budget = config.agents[agent]?.budget;
  if (config.budget?.action !== 'stop' || !budget || (budget.tokens === undefined && budget.usd === undefined)) return null;
  // the prices go with it: the guard reads no template and no config
  return { agent, budget, ...(budget.usd !== undefined && { prices: effectivePrices(config) }) };
}

/** Writes (or removes) the worktree's budget stop when it differs from what the config says. */
export function syncBudgetStop(gitDir: string, stop: BudgetStop | null): void {
  const path = budgetStopPath(gitDir);
  let current: string | null = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // none
  }
  const wanted = stop ? JSON.stringify(stop) + '\n' : null;
  if (current === wanted) return;
  try {
    if (wanted) writeFileAtomic(path, wanted);
    else rmSync(path, { force: true });
  } catch {
    // a read-only git dir: the next look tries again
  }
}
