import { basename, isAbsolute, join, resolve } from 'node:path';
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
  return `${config.branchPrefix}${name}`;
}

export function placeOf(config: Config, name: string, worktrees: Worktree[]): AgentPlace {
  const branch = branchOf(config, name);
  return { name, branch, worktree: worktrees.find((w) => w.branch === branch) ?? null };
}

/** The default folder of an agent's worktree: `worktrees` from the config ({repo} = the repository folder's name), then the name. */
export function defaultWorktreePath(config: Config, mainRoot: string, name: string): string {
  const pattern = config.worktrees.replace(/\{repo\}/g, basename(mainRoot));
  const base = isAbsolute(pattern) ? pattern : resolve(mainRoot, pattern);
  return join(base, name);
}

/** Agents named by worktrees/branches that follow the prefix but are not (or no longer) in the config. */
export function orphanNames(config: Config, worktrees: Worktree[]): string[] {
  return worktrees
    .map((w) => w.branch)
    .filter((b): b is string => b !== null && config.branchPrefix !== '' && b.startsWith(config.branchPrefix))
    .map((b) => b.slice(config.branchPrefix.length))
    .filter((name) => !(name in config.agents));
}

