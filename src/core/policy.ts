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

