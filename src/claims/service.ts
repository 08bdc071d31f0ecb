import { hostname } from 'node:os';
import { realpathSync } from 'node:fs';
import { isOwnClaim, isStale, type Claim, type RemoteBranchState } from '../core/claims.js';
import type { Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { parseDuration } from '../core/events.js';
import { micromatchRegex } from '../io/glob-regex.js';
import { scopeOverlaps } from '../core/overlaps.js';
import type { EarlierAgent } from '../core/policy.js';
import { freeBlock, type PortBlock } from '../core/ports.js';
import { inSequence } from '../core/sequence.js';
import { compileScope } from '../core/scope.js';
import { commonGitDir } from '../git/fs-refs.js';
import { gitOrNull } from '../git/run.js';
import { isAncestor, trackedFiles } from '../git/worktrees.js';
import { fetchClaims, pushClaims, readTable, trackingRef, type ClaimsTable } from './remote-table.js';

/** Who claims, where: this clone on the configured remote. */
export interface ClaimsContext {
  root: string;
  remote: string;
  base: string;
  ttlMs: number;
  me: { host: string; user: string; clone: string };
}

export async function claimsContext(root: string, gitDir: string, config: Config): Promise<ClaimsContext | null> {
  if (!config.claims) return null;
  const user = (await gitOrNull(root, ['config', '--get', 'user.email']))?.trim() || 'unknown';
  return {
    root,
    remote: config.claims.remote,
    base: config.base,
    ttlMs: parseDuration(config.claims.ttl) ?? 7 * 86_400_000,
    me: { host: hostname(), user, clone: realpathSync(commonGitDir(gitDir)) },
  };
}

const MAX_TRIES = 12;

/**
 * Read the table, decide, push without force; on a lost race fetch again and decide again from
 * the new table (the overlap may exist now), with jittered exponential backoff, at most MAX_TRIES times.
 */
async function updateTable<T>(ctx: ClaimsContext, decide: (table: ClaimsTable) => Promise<{ claims: Map<string, Claim>; message: string } | { done: T }>): Promise<T | { retries: number }> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const table = await fetchClaims(ctx.root, ctx.remote);
    const next = await decide(table);
    if ('done' in next) return next.done;
    if ((await pushClaims(ctx.root, ctx.remote, table, next.claims, next.message)) === 'ok') return { retries: attempt };
    // Exponential backoff with full jitter: contenders spread out instead of colliding again.
    // The window grows to ~20 s, enough for dozens of clones to take turns (each turn is one fetch + one push).
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 250 * 2 ** attempt)));
  }
  throw new UsageError(`agent-guard: the claims table on "${ctx.remote}" kept changing under ${MAX_TRIES} tries (many clones claiming at once); nothing was claimed. Run the command again.`);
}

export interface ClaimResult {
  exitCode: 0 | 1 | 2;
  lines: string[];
  /** The port block the claim holds (null: none asked). */
  ports?: PortBlock | null;
}

/** A claim's port block: this size, in this range, apart from these blocks of this clone's agents. */
export interface PortRequest {
  size: number;
  range: { from: number; to: number };
  local: PortBlock[];
}

function overlapsBlock(a: PortBlock, b: PortBlock): boolean {
  return a.from < b.from + b.size && b.from < a.from + a.size;
}

/**
 * Claims `scope` for agent `name` before anything is created; refuses an overlap with another live
 * claim (exit 1). `tracked`: the tracked files, when the caller listed them already.
 */
export async function claimScope(ctx: ClaimsContext, name: string, scope: string[], branch: string, allowOverlap: boolean, tracked?: string[], ports?: PortRequest): Promise<ClaimResult> {
  const files = tracked ?? (await trackedFiles(ctx.root));
  let claimedPorts: PortBlock | null = null;
  const mine = compileScope(scope, micromatchRegex);
  const outcome = await updateTable<ClaimResult>(ctx, async (table) => {
    const others = [...table.claims.values()].filter((c) => !(c.agent === name && isOwnClaim(c, ctx.me)));
    const sameName = others.find((c) => c.agent === name);
    if (sameName && !(await staleness(ctx, [sameName])).get(sameName.agent)) {
      return { done: { exitCode: 1, lines: [`agent-guard: agent "${name}" is claimed on "${ctx.remote}" by ${describe(sameName)}. Pick another name, or release it there (agent-guard claims release ${name}).`] } };
    }
    const conflicts = allowOverlap ? [] : await liveConflicts(ctx, files, mine, others);
    if (conflicts.length) {
      const lines = [`agent-guard: agent "${name}"'s scope overlaps scopes claimed on "${ctx.remote}" by other clones; overlapping tasks must run one after the other:`];
      for (const { claim, paths } of conflicts) lines.push(`  with "${claim.agent}" (${describe(claim)}): ${paths.slice(0, 10).join(', ')}${paths.length > 10 ? ` and ${paths.length - 10} more` : ''}`);
      lines.push('Wait for that work to be merged, narrow the scope, or pass --allow-overlap. Nothing was changed.');
      return { done: { exitCode: 1, lines } };
    }
    // a port block apart from every other live claim's and this clone's agents', under the same compare-and-swap
    let block: PortBlock | undefined;
    if (ports) {
      const stale = await staleness(ctx, others.filter((c) => c.ports));
      const taken = [...others.filter((c) => c.ports && !stale.get(c.agent)).map((c) => c.ports!), ...ports.local];
      const mine = table.claims.get(name);
      const kept = mine && isOwnClaim(mine, ctx.me) && mine.ports?.size === ports.size && !taken.some((t) => overlapsBlock(t, mine.ports!)) ? mine.ports : undefined;
      const from = kept?.from ?? freeBlock(ports.size, ports.range, taken);
      if (from === null) {
        const holders = others.filter((c) => c.ports).map((c) => `${c.agent} ${c.ports!.from}-${c.ports!.from + c.ports!.size - 1} (${describe(c)})`).join(', ');
        return { done: { exitCode: 2, lines: [`agent-guard: no block of ${ports.size} ports is free in ${ports.range.from}-${ports.range.to} for agent "${name}" across the clones (held: ${holders || 'by this clone'}). Nothing was changed.`] } };
      }
      block = { from, size: ports.size };
    }
    const claim: Claim = { agent: name, scope, branch, base: ctx.base, host: ctx.me.host, user: ctx.me.user, createdAt: new Date().toISOString(), clone: ctx.me.clone, ...(block && { ports: block }) };
    claimedPorts = block ?? null;
    const claims = new Map(table.claims);
    claims.set(name, claim);
    return { claims, message: `claim ${name}: ${scope.join(', ')} (${ctx.me.user} on ${ctx.me.host})` };
  });
  if ('exitCode' in outcome) {
    if (outcome.exitCode === 2) throw new UsageError(outcome.lines.join('\n'));
    return outcome;
  }
  const held = claimedPorts as PortBlock | null;
  const portsNote = held ? `, ports ${held.from}-${held.from + held.size - 1}` : '';
  return { exitCode: 0, lines: [`Claimed ${scope.join(', ')}${portsNote} for "${name}" on "${ctx.remote}" (refs/agent-guard/claims${outcome.retries ? `, after ${outcome.retries} retries` : ''}).`], ports: held };
}

/** Releases agent `name`'s claim; another clone's only with `force`. */
export async function releaseClaim(ctx: ClaimsContext, name: string, force = false): Promise<string[]> {
  const outcome = await updateTable<string[]>(ctx, async (table) => {
    const claim = table.claims.get(name);
    if (!claim) return { done: [`No claim of "${name}" on "${ctx.remote}".`] };
    if (!isOwnClaim(claim, ctx.me) && !force) {
      throw new UsageError(`agent-guard: the claim of "${name}" on "${ctx.remote}" belongs to ${describe(claim)}; release it with --force if that work is abandoned.`);
    }
    const claims = new Map(table.claims);
    claims.delete(name);
    return { claims, message: `release ${name} (${ctx.me.user} on ${ctx.me.host})` };
  });
  return Array.isArray(outcome) ? outcome : [`Released the claim of "${name}" on "${ctx.remote}".`];
}

/** Releases, but never fails the command it follows: an unreachable remote leaves it to `claims prune`. */
export async function releaseQuietly(ctx: ClaimsContext | null, name: string): Promise<string[]> {
  if (!ctx) return [];
  try {
    return await releaseClaim(ctx, name);
  } catch (err) {
    return [`warning: could not release the claim of "${name}" on "${ctx.remote}" (${(err as Error).message.replace(/^agent-guard: /, '')}); the next \`agent-guard claims prune\` will.`];
  }
}

/**
 * Other clones' claims as this clone last fetched them (no network: for status and plan, which
 * must stay fast and work offline). Empty when claims are off or nothing was fetched yet.
 */
export async function knownForeignClaims(root: string, gitDir: string, config: Config): Promise<Claim[]> {
  const ctx = await claimsContext(root, gitDir, config);
  if (!ctx) return [];
  try {
    const table = await readTable(root, trackingRef(ctx.remote), ctx.remote);
    return [...table.claims.values()].filter((c) => !isOwnClaim(c, ctx.me));
  } catch {
    return [];
  }
}

export interface ListedClaim extends Claim {
  stale: boolean;
}

export async function listClaims(ctx: ClaimsContext): Promise<ListedClaim[]> {
  const table = await fetchClaims(ctx.root, ctx.remote);
  const claims = [...table.claims.values()];
  const stale = await staleness(ctx, claims);
  return claims.map((c) => ({ ...c, stale: stale.get(c.agent) ?? false }));
}

/** Removes every stale claim; returns the names removed. */
export async function pruneClaims(ctx: ClaimsContext): Promise<string[]> {
  let removed: string[] = [];
  await updateTable<null>(ctx, async (table) => {
    const stale = await staleness(ctx, [...table.claims.values()]);
    removed = [...stale].filter(([, s]) => s).map(([name]) => name);
    if (removed.length === 0) return { done: null };
    const claims = new Map([...table.claims].filter(([name]) => !removed.includes(name)));
    return { claims, message: `prune ${removed.join(', ')} (${ctx.me.user} on ${ctx.me.host})` };
  });
  return removed;
}

async function liveConflicts(ctx: ClaimsContext, files: string[], mine: ReturnType<typeof compileScope>, others: Claim[]) {
  const overlapping = others
    .map((claim) => ({ claim, paths: scopeOverlaps(files, new Map([['a', mine], ['b', compileScope(claim.scope, micromatchRegex)]]))[0]?.paths ?? [] }))
    .filter((o) => o.paths.length > 0);
  if (overlapping.length === 0) return [];
  const stale = await staleness(ctx, overlapping.map((o) => o.claim));
  return overlapping.filter((o) => !stale.get(o.claim.agent));
}

/** Whether each claim is stale: its branch merged into base on the remote, or gone and older than the ttl. */
async function staleness(ctx: ClaimsContext, claims: Claim[]): Promise<Map<string, boolean>> {
  const result = new Map<string, boolean>();
  if (claims.length === 0) return result;
  const heads = new Map<string, string>();
  for (const line of (await gitOrNull(ctx.root, ['ls-remote', '--heads', ctx.remote]))?.split('\n') ?? []) {
    const [sha, ref] = line.split('\t');
    if (sha && ref) heads.set(ref.replace(/^refs\/heads\//, ''), sha);
  }
  const now = Date.now();
  for (const claim of claims) {
    const tip = heads.get(claim.branch);
    const baseTip = heads.get(claim.base);
    let merged = false;
    if (tip && baseTip && tip !== baseTip && (await gitOrNull(ctx.root, ['cat-file', '-e', `${tip}^{commit}`])) !== null && (await gitOrNull(ctx.root, ['cat-file', '-e', `${baseTip}^{commit}`])) !== null) {
      merged = await isAncestor(ctx.root, tip, baseTip);
    }
    const state: RemoteBranchState = { exists: tip !== undefined, merged };
    result.set(claim.agent, isStale(claim, state, ctx.ttlMs, now));
  }
  return result;
}

function describe(claim: Claim): string {
  return `${claim.user} on ${claim.host}, branch ${claim.branch}, since ${claim.createdAt}`;
}

/**
 * Where no worktree tells who started first (CI): the agents whose claims on the claims remote were
 * made before `agent`'s, outside its `after` chain — a new path their scope holds too is theirs. A
 * remote that cannot be reached falls back to the table as last fetched; no claim of `agent`, none.
 */
export async function claimedEarlierAgents(root: string, gitDir: string, config: Config, agent: string): Promise<EarlierAgent[]> {
  const ctx = await claimsContext(root, gitDir, config);
  if (!ctx) return [];
  const table = await fetchClaims(root, ctx.remote).catch(() => readTable(root, trackingRef(ctx.remote), ctx.remote).catch(() => null));
  const mine = table ? [...table.claims.values()].find((c) => c.agent === agent) : undefined;
  if (!table || !mine) return [];
  return [...table.claims.values()]
    .filter((c) => c.agent !== agent && c.createdAt < mine.createdAt && !inSequence(config, agent, c.agent))
    .map((c) => ({ agent: c.agent, scope: c.scope }));
}
