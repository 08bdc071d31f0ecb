import { AGENT_NAME_PATTERN } from './config-shape.js';

/**
 * Agent branch patterns: `agent/{name}`, `worktree-{name}` (what `claude --worktree NAME` makes),
 * a runner's own naming. Exactly one `{name}` each; the first pattern is the one `spawn` uses.
 */
export const DEFAULT_BRANCHES = ['agent/{name}'];

const PLACEHOLDER = '{name}';

/** Why a pattern cannot name agent branches, or null when it can. */
export function branchPatternProblem(pattern: string): string | null {
  const count = pattern.split(PLACEHOLDER).length - 1;
  if (count === 0) return `${JSON.stringify(pattern)} has no {name}; write it like "agent/{name}"`;
  if (count > 1) return `${JSON.stringify(pattern)} has {name} ${count} times; use it once`;
  const other = /\{[^}]*\}/.exec(pattern.replace(PLACEHOLDER, ''));
  if (other) return `${JSON.stringify(pattern)} has ${other[0]}; the only placeholder is {name}`;
  // The literal parts must be able to sit in a git branch name around a valid agent name.
  const sample = pattern.replace(PLACEHOLDER, 'a');
  if (/[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|^\/|\/$|^-|\.lock$|\/\.|^\./.test(sample)) {
    return `${JSON.stringify(pattern)} does not make a valid git branch name`;
  }
  return null;
}

function split(pattern: string): [string, string] {
  const at = pattern.indexOf(PLACEHOLDER);
  return [pattern.slice(0, at), pattern.slice(at + PLACEHOLDER.length)];
}

/** The branch `spawn` gives agent `name`: the first pattern filled in. */
export function branchFor(patterns: readonly string[], name: string): string {
  return patterns[0]!.replace(PLACEHOLDER, name);
}

/**
 * The agent a branch names: the part `{name}` stands for in the first pattern it fits. That part
 * need not be a declared agent (identity then refuses it), but it must be non-empty.
 */
export function agentFromBranch(patterns: readonly string[], branch: string | null): string | null {
  if (!branch) return null;
  for (const pattern of patterns) {
    const [prefix, suffix] = split(pattern);
    if (prefix === '' && suffix === '') continue; // `{name}` alone (branchPrefix "") names no branch by itself
    if (branch.length > prefix.length + suffix.length && branch.startsWith(prefix) && branch.endsWith(suffix)) {
      return branch.slice(prefix.length, branch.length - suffix.length);
    }
  }
  return null;
}

/** Like agentFromBranch, but only a name that could be an agent's (for listing worktrees, not for trust). */
export function agentNameFromBranch(patterns: readonly string[], branch: string | null): string | null {
  const name = agentFromBranch(patterns, branch);
  return name !== null && new RegExp(AGENT_NAME_PATTERN).test(name) ? name : null;
}

/** The sh `case` patterns that match every agent branch (for the hooks' no-node fast path). */
export function shellCasePatterns(patterns: readonly string[]): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return patterns
    .filter((pattern) => pattern !== PLACEHOLDER)
    .map((pattern) => {
      const [prefix, suffix] = split(pattern);
      return `${quote(`ref: refs/heads/${prefix}`)}?*${suffix ? quote(suffix) : ''}`;
    })
    .join('|');
}

/**
 * Whose branch `branch` is, when an agent's worktree must not commit on it: the base branch, or
 * another agent's (by the branch patterns). Null for the agent's own branch, a detached HEAD (a
 * rebase in progress), and any other branch. Pure.
 */
export function foreignBranch(patterns: readonly string[], base: string, agent: string, branch: string | null): { branch: string; owner: 'base' | string } | null {
  if (!branch) return null;
  const name = branch.replace(/^refs\/heads\//, '');
  if (name === base) return { branch: name, owner: 'base' };
  const owner = agentFromBranch(patterns, name);
  return owner !== null && owner !== agent ? { branch: name, owner } : null;
}
