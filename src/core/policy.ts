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
  /** A new path in this agent's scope that an agent started earlier also holds: that agent, who owns it. */
  owner?: string;
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
  /** `isNew`: the path does not exist yet (an added file, a rename's or copy's destination). */
  reasonAgainst(path: string, isNew?: boolean): Reason | null;
  /** For a new path this agent's scope holds: the live agent started earlier whose scope holds it too (it owns the path), or null. */
  ownerOfNew(path: string): string | null;
}

/** A live agent started before this one whose scope overlaps it (spawn --allow-overlap records them). */
export interface EarlierAgent {
  agent: string;
  scope: string[];
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
export function compilePolicy(config: Config, agent: string | null, configFile: string, toRegex: GlobToRegex, earlier: readonly EarlierAgent[] = []): Policy {
  if (agent === null) return { agent, reasonAgainst: () => null, ownerOfNew: () => null };
  const agentConfig = config.agents[agent];
  if (!agentConfig) throw new Error(`compilePolicy: unknown agent ${agent}`);
  const isProtected: PathTest = compileScope(protectedGlobs(config, configFile), toRegex);
  const inScope = compileScope(agentConfig.scope, toRegex);
  const isShared = compileScope(config.shared, toRegex);
  const owners = earlier.map((e) => ({ agent: e.agent, holds: compileScope(e.scope, toRegex) }));
  // a new path two live scopes hold belongs to the agent that started first (shared paths are everyone's)
  const ownerOfNew = (path: string) => (isShared(path) ? null : (owners.find((o) => o.holds(path))?.agent ?? null));
  return {
    agent,
    reasonAgainst(path, isNew = false) {
      if (isProtected(path)) return 'protected';
      if (!inScope(path) && !isShared(path)) return 'out-of-scope';
      return isNew && owners.length > 0 && ownerOfNew(path) !== null ? 'out-of-scope' : null;
    },
    ownerOfNew,
  };
}

/** Whether a change's path is new: added, or where a rename or copy puts it. */
const isNewPath = (kind: ChangeKind) => kind === 'added' || kind === 'renamed' || kind === 'copied';

/** The verdict on `changes` under `policy`. Pure: the one place the rules are applied. */
export function evaluate(policy: Policy, changes: readonly Change[]): Verdict {
  const violations: Violation[] = [];
  for (const change of changes) {
    const isNew = isNewPath(change.kind);
    const reason = policy.reasonAgainst(change.path, isNew);
    if (reason) {
      // refused only as new: the path is in this agent's scope, and an agent started earlier owns it
      const owner = isNew && reason === 'out-of-scope' && policy.reasonAgainst(change.path) === null ? policy.ownerOfNew(change.path) : null;
      violations.push({ path: change.path, reason, commit: change.commit, oldPath: change.oldPath, kind: change.kind, ...(owner !== null && { owner }) });
    }
    if (change.oldPath !== null) {
      const oldReason = policy.reasonAgainst(change.oldPath);
      if (oldReason) violations.push({ path: change.oldPath, reason: oldReason, commit: change.commit, oldPath: null, kind: change.kind });
    }
  }
  return { ok: violations.length === 0, agent: policy.agent, checked: changes.length, violations };
}

/** What a check judges: the staged index, or commits. */
export type CheckMode = 'staged' | 'commits';
