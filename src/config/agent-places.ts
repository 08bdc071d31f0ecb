import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { readManifest } from './manifest-store.js';
import { agentNameFromBranch, branchFor } from '../core/branches.js';
import type { Config } from '../core/config.js';
import { AGENT_NAME_PATTERN } from '../core/config-shape.js';
import { UsageError } from '../core/errors.js';
import type { Worktree } from '../git/parse.js';

/** Where an agent lives: its branch and, if it has one, its worktree. */
export interface AgentPlace {
  name: string;
  branch: string;
  worktree: Worktree | null;
}

export function assertAgentName(name: string): void {
  if (!new RegExp(AGENT_NAME_PATTERN).test(name)) {
    throw new UsageError(`agent-guard: "${name}" is not a valid agent name: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
  }
}

export function branchOf(config: Config, name: string): string {
  return branchFor(config.branches, name);
}

/**
 * Where agent NAME lives: the worktree on its branch (`spawn`'s naming) or, failing that, a worktree
 * whose trusted manifest names it (one `adopt` registered, on whatever branch its tool made).
 */
export function placeOf(config: Config, name: string, worktrees: Worktree[]): AgentPlace {
  const branch = branchOf(config, name);
  const onBranch = worktrees.find((w) => w.branch === branch);
  if (onBranch) return { name, branch, worktree: onBranch };
  const adopted = worktrees.find((w, i) => i > 0 && !w.prunable && w.branch !== null && manifestAgentOf(w.path) === name);
  return adopted ? { name, branch: adopted.branch!, worktree: adopted } : { name, branch, worktree: null };
}

/** The agent a worktree's manifest names, or null (no manifest, or unreadable: not this lookup's problem). */
export function manifestAgentOf(worktreePath: string): string | null {
  try {
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(join(worktreePath, '.git'), 'utf8'))?.[1]?.trim();
    return pointer ? (readManifest(resolve(worktreePath, pointer))?.agent ?? null) : null;
  } catch {
    return null;
  }
}

/** The default folder of an agent's worktree: `worktrees` from the config ({repo} = the repository folder's name), then the name. */
export function defaultWorktreePath(config: Config, mainRoot: string, name: string): string {
  const pattern = config.worktrees.replace(/\{repo\}/g, basename(mainRoot));
  const base = isAbsolute(pattern) ? pattern : resolve(mainRoot, pattern);
  return join(base, name);
}

/** Agents named by worktrees/branches that fit a branch pattern but are not (or no longer) in the config. */
export function orphanNames(config: Config, worktrees: Worktree[]): string[] {
  return worktrees
    .map((w) => agentNameFromBranch(config.branches, w.branch))
    .filter((name): name is string => name !== null && !(name in config.agents));
}

