import type { PortBlock } from './ports.js';
/**
 * Scope claims shared by every clone through the git remote: one `NAME.json` per live claim in the
 * tree of `refs/agent-guard/claims`. The pure parts: the claim's shape, reading a table, staleness.
 */
export interface Claim {
  agent: string;
  scope: string[];
  branch: string;
  base: string;
  host: string;
  user: string;
  createdAt: string;
  /** The claiming clone (its git dir), so two clones of one user on one host are told apart. */
  clone?: string;
  /** The agent's block of ports (config `ports`): blocks of live claims never overlap. */
  ports?: PortBlock;
}

export const CLAIMS_REF = 'refs/agent-guard/claims';

/** A claim file's content as a Claim, or why it is not one. */
export function parseClaim(name: string, text: string): Claim | string {
  let doc: Partial<Claim>;
  try {
    doc = JSON.parse(text) as Partial<Claim>;
  } catch (err) {
    return `${name} is not valid JSON (${(err as Error).message})`;
  }
  const strings = ['agent', 'branch', 'base', 'host', 'user', 'createdAt'] as const;
  const missing = strings.filter((key) => typeof doc[key] !== 'string');
  if (missing.length || !Array.isArray(doc.scope) || !doc.scope.every((g) => typeof g === 'string')) {
    return `${name} is not an agent-guard claim (needs ${[...missing, ...(Array.isArray(doc.scope) ? [] : ['scope'])].join(', ')})`;
  }
  if (`${doc.agent}.json` !== name) return `${name} names agent "${doc.agent}"`;
  return doc as Claim;
}

/** Whether `claim` is this clone's own (same host, user and clone). */
export function isOwnClaim(claim: Claim, me: Pick<Claim, 'host' | 'user' | 'clone'>): boolean {
  return claim.host === me.host && claim.user === me.user && (claim.clone ?? null) === (me.clone ?? null);
}

export interface RemoteBranchState {
  /** The branch is on the remote. */
  exists: boolean;
  /** Its tip is contained in base on the remote (known only when both commits are here). */
  merged: boolean;
}

/** Stale: merged into base on the remote, or gone from it and older than `ttlMs`. Stale claims never block. */
export function isStale(claim: Claim, branch: RemoteBranchState, ttlMs: number, now: number): boolean {
  if (branch.merged) return true;
  return !branch.exists && now - Date.parse(claim.createdAt) > ttlMs;
}
