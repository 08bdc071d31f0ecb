import { CONFIG_FILES, type Config } from './config.js';
import { compileScope, type GlobToRegex, type PathTest } from './scope.js';

export type ChangeKind = 'added' | 'modified' | 'deleted' | 'type-changed' | 'renamed' | 'copied' | 'unmerged';

/** One changed path, from the index or from a commit. */
export interface Change {
  kind: ChangeKind;
  path: string;
  /** The source path of a rename or copy, else null. */
  oldPath: string | null;
  /** Full sha of the commit that made the change; null for staged changes. */
  commit: string | null;
}

export type Reason = 'out-of-scope' | 'protected';

export interface Violation {
  /** The offending path (for a rename whose source is the problem, the source). */
  path: string;
  reason: Reason;
  commit: string | null;
  /** The rename/copy source when `path` is the destination, else null. */
  oldPath: string | null;
  kind: ChangeKind;
}

export interface Verdict {
  ok: boolean;
  agent: string | null;
  checked: number;
  violations: Violation[];
}

/** The rule for one agent, compiled once: null when a path is allowed, else why not. */
export interface Policy {
  agent: string | null;
  reasonAgainst(path: string): Reason | null;
}

/** Where agent-guard keeps an agent's generated files in its worktree: its scope file, and the Claude Code settings that run the guard. */
export const MANIFEST_GLOBS = ['.agent-guard/**', '.claude/settings.local.json'];

/** Globs no agent may change: the user's `protected`, the config file in use, every other place a config could shadow it, and manifests. */
export function protectedGlobs(config: Config, configFile: string): string[] {
  const configCandidates = CONFIG_FILES.filter((f) => f !== 'package.json');
  return [...new Set([...config.protected, configFile, ...configCandidates, ...MANIFEST_GLOBS])];
}

/** Every glob list a policy or an owners lookup of `config` compiles (for a regex cache to prepare). */
export function policyGlobLists(config: Config, configFile: string): string[][] {
  return [protectedGlobs(config, configFile), config.shared, ...Object.values(config.agents).map((a) => a.scope)];
}

/** Compiles the policy for `agent`; a null agent (a human's checkout) is unrestricted. */
export function compilePolicy(config: Config, agent: string | null, configFile: string, toRegex: GlobToRegex): Policy {
  if (agent === null) return { agent, reasonAgainst: () => null };
  const agentConfig = config.agents[agent];
  if (!agentConfig) throw new Error(`compilePolicy: unknown agent ${agent}`);
  const isProtected: PathTest = compileScope(protectedGlobs(config, configFile), toRegex);
  const inScope = compileScope(agentConfig.scope, toRegex);
  const isShared = compileScope(config.shared, toRegex);
  return {
    agent,
    reasonAgainst(path) {
      if (isProtected(path)) return 'protected';
      return inScope(path) || isShared(path) ? null : 'out-of-scope';
    },
  };
}

/** The verdict on `changes` under `policy`. Pure: the one place the rules are applied. */
export function evaluate(policy: Policy, changes: readonly Change[]): Verdict {
  const violations: Violation[] = [];
  for (const change of changes) {
    const reason = policy.reasonAgainst(change.path);
    if (reason) violations.push({ path: change.path, reason, commit: change.commit, oldPath: change.oldPath, kind: change.kind });
    if (change.oldPath !== null) {
      const oldReason = policy.reasonAgainst(change.oldPath);
      if (oldReason) violations.push({ path: change.oldPath, reason: oldReason, commit: change.commit, oldPath: null, kind: change.kind });
    }
  }
  return { ok: violations.length === 0, agent: policy.agent, checked: changes.length, violations };
}

/**
 * For messages: which agents' scopes claim a path (so a refusal can say who owns the file). A
 * refusal of 20,000 paths must not test every path against every agent: agents are indexed by the
 * literal first folder of their globs, so a path is tested only against the agents that could match.
 */
export function compileOwners(config: Config, toRegex: GlobToRegex): (path: string) => string[] {
  let index: OwnerIndex | null = null; // compiled on first use: only refusals need it
  return (path) => {
    index ??= ownerIndex(config, toRegex);
    const slash = path.indexOf('/');
    let candidates = index.byFolder.get(slash < 0 ? '' : path.slice(0, slash)) ?? index.anywhere;
    // A top-level path may also be the folder itself (`src/**` matches `src`).
    if (slash < 0 && index.byFolder.has(path)) candidates = index.order([...new Set([...candidates, ...index.byFolder.get(path)!])]);
    const owners: string[] = [];
    for (const [name, inScope] of candidates) if (inScope(path)) owners.push(name);
    return owners;
  };
}

type Owner = readonly [string, PathTest];

interface OwnerIndex {
  /** Agents whose globs may match in that first folder (the agents below included). */
  byFolder: Map<string, Owner[]>;
  /** Agents with a glob whose first folder is not literal (`**`, `pkg*`): candidates for every path. */
  anywhere: Owner[];
  /** Sorts owners into the config's order. */
  order(list: Owner[]): Owner[];
}

function ownerIndex(config: Config, toRegex: GlobToRegex): OwnerIndex {
  const owners = Object.entries(config.agents).map(([name, agent]) => [name, compileScope(agent.scope, toRegex)] as const);
  const anywhere: Owner[] = [];
  const folders = new Map<string, Owner[]>();
  Object.values(config.agents).forEach((agent, i) => {
    const positive = agent.scope.filter((g) => !g.startsWith('!'));
    const firsts = positive.map(literalFirstFolder);
    if (firsts.some((f) => f === null)) anywhere.push(owners[i]!);
    else for (const folder of new Set(firsts as string[])) folders.set(folder, [...(folders.get(folder) ?? []), owners[i]!]);
  });
  const rank = new Map(owners.map(([name], i) => [name, i]));
  const order = (list: Owner[]) => (list.length < 2 ? list : [...list].sort((a, b) => rank.get(a[0])! - rank.get(b[0])!));
  const byFolder = new Map([...folders].map(([folder, list]) => [folder, order([...list, ...anywhere])]));
  return { byFolder, anywhere, order };
}

/** The glob's first path segment when it is plain text ('' for a top-level file), else null. */
function literalFirstFolder(glob: string): string | null {
  const slash = glob.indexOf('/');
  const first = slash < 0 ? '' : glob.slice(0, slash);
  if (/[*?[\]{}()!+@\\]/.test(first)) return null;
  if (slash < 0 && /[*?[\]{}()!+@\\]/.test(glob)) return null; // a top-level pattern like `*.md`
  return first;
}
