import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { withLock, writeFileAtomic } from '../io/atomic.js';
import { loadConfig } from '../config/load.js';
import { parsePortRange, validateConfig, type Config, type LoadedConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { micromatchRegex } from '../io/glob-regex.js';
import { readManifest, writeManifest } from '../config/manifest-store.js';
import { agentEnvironment, exportLines, freeBlock, type PortBlock } from '../core/ports.js';
import type { Manifest } from '../core/manifest.js';
import { scopeOverlaps } from '../core/overlaps.js';
import { configGlobOverlaps, type GlobVerdict } from '../core/glob-overlap.js';
import { OverlapCache } from '../config/overlap-cache.js';
import { compilePolicy } from '../core/policy.js';
import { deniedFolders, globFolder } from '../core/sandbox.js';
import { compileScope } from '../core/scope.js';
import { inSequence } from '../core/sequence.js';
import { shellQuote } from '../core/shell-quote.js';
import { inlined, renderTemplate } from '../core/template.js';
import { commonGitDir } from '../git/fs-refs.js';
import { repoInfo } from '../git/repo.js';
import { git } from '../git/run.js';
import type { Worktree } from '../git/parse.js';
import { branchTip, changeWorktrees, isAncestor, listLiveWorktrees, type listWorktrees, revParse, trackedFiles, uncommittedChanges } from '../git/worktrees.js';
import { CLI_ENTRY, GUARD_ENTRY, readTemplates } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { leanHookOptions } from '../init/linked-worktrees.js';
import { assertAgentName, defaultWorktreePath, placeOf, type AgentPlace } from '../config/agent-places.js';
import { withAttentionHooks, withEnv, withGuardHook, withSandbox } from '../clients/claude-settings.js';
import { attentionPath } from '../status/attention.js';
import { CLIENT_TABLE } from '../clients/table.js';
import { budgetStopFor, syncBudgetStop } from '../status/budget.js';
import { withAgent, type AgentUpdate } from '../config/config-edit.js';
import { excludeForAllWorktrees } from '../git/exclude.js';
import { copyIncludedFiles, copyLines, markSetupCopy } from './include-files.js';
import { writeScopeFile } from './scope-file.js';
import { installWorktreeHooks } from '../init/worktree-hooks.js';
import { wireClients } from '../clients/wire.js';
import type { Client } from '../core/clients.js';

export interface SpawnOptions {
  name: string;
  scope?: string[];
  task?: string;
  base?: string;
  path?: string;
  allowOverlap: boolean;
  /** Agents this one builds on: it starts from their branch (`spawn B --after A`). */
  after?: string[];
  /** Turn on Claude Code's Bash sandbox in this worktree (also: `claudeSandbox` in the config). */
  sandbox?: boolean;
  /** Spawn without a claim on the claims remote (it cannot be reached). */
  offline?: boolean;
  /** `spawn --claude-subagent`: a Claude Code sub-agent in the main checkout instead of a worktree. */
  claudeSubagent?: boolean;
  /** Agent clients to wire besides the config's `clients` (`spawn --client NAME`). */
  clients?: Client[];
  /** The port block this agent's claim holds (set by spawn from the claims remote). */
  claimedPorts?: PortBlock;
  /** `spawn --no-setup`: leave the setup commands to `agent-guard setup NAME`. */
  noSetup?: boolean;
  /** Live agents whose scopes overlap this one's (let through by --allow-overlap): a new path both hold is theirs if they started first. */
  overlapping?: string[];
  /** The command named in messages (adopt reuses these steps). */
  verb?: string;
}

export interface SpawnResult {
  exitCode: number;
  lines: string[];
  worktree: string | null;
  /** What makes the new worktree ready, if anything (run by the command, output shown). */
  setup: PendingSetup | null;
}

/** The setup commands of a new worktree, with the agent's environment they run in. */
export interface PendingSetup {
  commands: string[];
  timeout: string;
  gitDir: string;
  env: Record<string, string>;
}

/** git puts a new worktree only where nothing is, or into an empty folder. */
function occupied(path: string): boolean {
  try {
    return !statSync(path).isDirectory() || readdirSync(path).length > 0;
  } catch {
    return false; // not there
  }
}

const noBase = (ref: string, next: string) => `agent-guard: the base "${ref}" is not a commit here. ${next}`;

/** Creates (or refreshes) agent NAME's worktree, branch, manifest, scope file and trusted hooks. */
export async function spawnAgent(mainRoot: string, opts: SpawnOptions): Promise<SpawnResult> {
  const lines: string[] = [];
  const prepared = await prepareAgent(mainRoot, opts, lines);
  if ('refused' in prepared) return { exitCode: 1, lines, worktree: null, setup: null };
  const { place } = prepared;
  // a --base that is not there is a usage error before anything is claimed or written
  if (opts.base !== undefined && (await revParse(mainRoot, opts.base)) === null) throw new UsageError(noBase(opts.base, 'Pass --base a branch or commit that exists here.'));
  const target = place.worktree ? null : (opts.path ?? defaultWorktreePath(prepared.current.config, mainRoot, opts.name));
  if (target !== null && occupied(target)) {
    throw new UsageError(`agent-guard: ${target} already exists and is not an empty folder, so agent "${opts.name}"'s worktree cannot go there. Nothing was changed. Pass --path with another place, or move that one away.`);
  }
  if ((await claimFirst(mainRoot, opts, prepared, place.branch, lines)) !== 0) return { exitCode: 1, lines, worktree: null, setup: null };
  const loaded = await updateConfig(mainRoot, opts, lines, prepared.current);
  const { config } = loaded;

  const base = opts.base ?? config.base;
  const start = opts.base ?? (await startAfter(mainRoot, config, opts.name, prepared.worktrees)) ?? base;
  let worktree: string;
  let forkPoint: string | undefined;
  if (place.worktree) {
    worktree = place.worktree.path;
    lines.push(`Agent "${opts.name}" already has a worktree at ${worktree} (branch ${place.branch}); it was kept as it is. Its scope and instructions were refreshed.`);
  } else {
    if ((await uncommittedChanges(mainRoot)).some((c) => c.path !== loaded.file)) {
      lines.push('warning: the main worktree has uncommitted changes; the new worktree starts from committed history and will not have them.');
    }
    worktree = target ?? defaultWorktreePath(config, mainRoot, opts.name);
    const branchExists = (await branchTip(mainRoot, place.branch)) !== null;
    // The new worktree's first checkout runs the hooks it runs from then on (every linked worktree's).
    const hooks = leanHookOptions((await repoInfo(mainRoot)).commonDir);
    if (branchExists) {
      await changeWorktrees(mainRoot, ['add', worktree, place.branch], hooks, NO_COPY);
      lines.push(`Created worktree ${worktree} on the existing branch ${place.branch} (its commits are kept).`);
    } else {
      const startTip = await revParse(mainRoot, start);
      if (startTip === null) throw new UsageError(noBase(start, 'Commit on it first, or pass --base REF.'));
      if (start === base) forkPoint = startTip; // a new branch at base: the merge-base is base's tip
      await changeWorktrees(mainRoot, ['add', '-b', place.branch, '--end-of-options', worktree, start], hooks, NO_COPY);
      lines.push(`Created worktree ${worktree} on new branch ${place.branch} from ${start}${start !== base ? ` (it builds on that agent's work; ${base} stays its base)` : ''}.`);
    }
    lines.push(...copyLines(await copyIncludedFiles(mainRoot, worktree, config.setup?.copy)));
    markSetupCopy((await repoInfo(mainRoot)).commonDir, config.setup?.copy ?? []);
  }
  await equipWorktree(mainRoot, worktree, place.branch, { ...opts, overlapping: prepared.overlapping, ...(prepared.claimedPorts && { claimedPorts: prepared.claimedPorts }) }, loaded, base, lines, forkPoint);
  const commands = config.setup?.run ?? [];
  if (place.worktree || opts.noSetup || commands.length === 0) return { exitCode: 0, lines, worktree, setup: null };
  const { gitDir } = await repoInfo(worktree);
  return { exitCode: 0, lines, worktree, setup: { commands, timeout: config.setup!.timeout, gitDir, env: agentEnvironment(opts.name, basename(mainRoot), readManifestOrNull(gitDir)?.ports ?? null) } };
}

export interface Prepared {
  current: LoadedConfig;
  /** The config as it will be with this agent's scope, task and `after`. */
  planned: Config;
  worktrees: Worktree[];
  place: AgentPlace;
  /** The main worktree's tracked files, where the overlap check listed them already. */
  trackedFiles?: string[];
  /** Live agents whose scopes overlap the new one's (only with --allow-overlap). */
  overlapping: string[];
  /** The port block the claim on the claims remote holds (claims and ports on). */
  claimedPorts?: PortBlock;
}

/**
 * What spawn and adopt check before they touch anything: a valid name and scope (a bad glob never
 * lands in the config file), and no overlap with an agent at work (refused lines go to `lines`).
 */
export async function prepareAgent(mainRoot: string, opts: SpawnOptions, lines: string[]): Promise<Prepared | { refused: true }> {
  assertAgentName(opts.name);
  const current = await loadConfig(mainRoot);
  const known = current.config.agents[opts.name];
  const scope = opts.scope ?? known?.scope;
  if (!scope) {
    throw new UsageError(`agent-guard: agent "${opts.name}" is not in ${current.file}. Give it a scope: agent-guard ${opts.verb ?? 'spawn'} ${opts.name} --scope 'GLOB'`);
  }
  const task = opts.task ?? known?.task;
  const after = opts.after ?? known?.after;
  const entry = { ...known, scope, ...(task !== undefined && { task }), ...(after !== undefined && { after }) };
  validateConfig({ agents: { [opts.name]: { scope, ...(task !== undefined && { task }) } } }, '--scope/--task');
  const planned: Config = { ...current.config, agents: { ...current.config.agents, [opts.name]: entry } };
  if (opts.after) validateConfig(planned, '--after');

  const worktrees = await listLiveWorktrees(mainRoot);
  const place = placeOf(planned, opts.name, worktrees);
  const { overlaps, files, globs } = await liveOverlaps(mainRoot, planned, current.file, opts.name, worktrees);
  if ((overlaps.length || globs.length) && !opts.allowOverlap) {
    lines.push(`agent-guard: agent "${opts.name}"'s scope overlaps agents that are at work now; overlapping tasks must run one after the other:`);
    for (const o of overlaps) lines.push(`  with "${o.agent}": ${o.paths.slice(0, 10).join(', ')}${o.paths.length > 10 ? ` and ${o.paths.length - 10} more` : ''}`);
    for (const o of globs) lines.push(`  with "${o.agent}": no file yet, but both scopes match paths not yet written, e.g. ${o.witness}`);
    lines.push('Merge or remove that agent first, narrow the scopes, or pass --allow-overlap. Nothing was changed.');
    return { refused: true };
  }
  // a range with no room stops the spawn before anything is made (the block itself is taken later, under a lock)
  if (!place.worktree) await portBlockFor(mainRoot, planned, opts.name, null);
  const overlapping = [...new Set([...overlaps.map((o) => o.agent), ...globs.map((o) => o.agent)])];
  return { current, planned, worktrees, place, overlapping, ...(files && { trackedFiles: files }) };
}

/**
 * With `claims` in the config: claim the scope on the shared remote before anything is created
 * (exit 1 on an overlap with another clone's live claim; an unreachable remote is a usage error,
 * unless --offline). Returns the exit code.
 */
export async function claimFirst(mainRoot: string, opts: SpawnOptions, prepared: Prepared, branch: string, lines: string[]): Promise<number> {
  if (!prepared.planned.claims) return 0;
  if (opts.offline) {
    lines.push(`Spawning "${opts.name}" without a claim (--offline): other clones cannot see its scope until it is claimed (agent-guard spawn ${opts.name} again when "${prepared.planned.claims.remote}" is reachable).`);
    return 0;
  }
  const { claimsContext, claimScope } = await import('../claims/service.js');
  const ctx = (await claimsContext(mainRoot, (await repoInfo(mainRoot)).gitDir, prepared.planned))!;
  // with ports, the claim carries the agent's block: apart from every clone's live agents
  const size = prepared.planned.agents[opts.name]?.ports ?? prepared.planned.ports;
  const ports = size === undefined ? undefined : { size, range: parsePortRange(prepared.planned.portRange), local: (await heldPortBlocks(mainRoot, opts.name)).map((h) => h.block) };
  const claimed = await claimScope(ctx, opts.name, prepared.planned.agents[opts.name]!.scope, branch, opts.allowOverlap, prepared.trackedFiles, ports);
  lines.push(...claimed.lines);
  if (claimed.ports) prepared.claimedPorts = claimed.ports;
  return claimed.exitCode;
}

/**
 * Makes `worktree` agent NAME's: trusted manifest, instructions, own hooks, Claude Code guard.
 * `forkPoint`: merge-base(base, HEAD) when the caller knows it already.
 */
export async function equipWorktree(mainRoot: string, worktree: string, branch: string, opts: SpawnOptions, loaded: LoadedConfig, base: string, lines: string[], forkPoint?: string): Promise<void> {
  const { config } = loaded;
  const agent = config.agents[opts.name]!;
  const { gitDir } = await repoInfo(worktree);
  const earlier = await earlierAgents(mainRoot, config, opts.overlapping ?? [], readManifestOrNull(gitDir)?.createdAt ?? null);
  const manifest: Manifest = {
    agent: opts.name,
    scope: agent.scope,
    ...(agent.task !== undefined && { task: agent.task }),
    base,
    forkPoint: forkPoint ?? (await git(worktree, ['merge-base', base, 'HEAD'])).trim(),
    configFile: loaded.file,
    createdAt: new Date().toISOString(),
    clients: [...new Set([...config.clients, ...(opts.clients ?? [])])],
    ...(earlier.length && { earlier }),
  };
  // the port block is chosen and the manifest that holds it written under one lock: two spawns at once get two blocks
  await withLock(join(commonGitDir(gitDir), 'agent-guard', 'ports.lock'), async () => {
    const block = opts.claimedPorts ?? (await portBlockFor(mainRoot, config, opts.name, readManifestOrNull(gitDir)));
    if (block) manifest.ports = block;
    writeManifest(gitDir, manifest);
  });
  const env = agentEnvironment(opts.name, basename(mainRoot), manifest.ports ?? null);
  writeFileAtomic(join(worktree, '.agent-guard', 'env'), exportLines(env));
  writeScopeFile(worktree, manifest, config, branch);
  if (manifest.ports) lines.push(`Ports ${manifest.ports.from}-${manifest.ports.from + manifest.ports.size - 1} are agent "${opts.name}"'s (PORT=${manifest.ports.from}); its environment: agent-guard env ${opts.name}, or source .agent-guard/env.`);
  await excludeForAllWorktrees(mainRoot, ['/.agent-guard/', '/.claude/settings.local.json']);
  await installWorktreeHooks(worktree, gitDir, opts.name);
  syncBudgetStop(gitDir, budgetStopFor(config, opts.name));
  const settingsPath = join(worktree, '.claude', 'settings.local.json');
  if (config.claudeHooks) {
    const guarded = withGuardHook(readIfExists(settingsPath), { pre: guardCommand(), post: postBashCommand() }, settingsPath, budgetStopFor(config, opts.name) !== null);
    const notify = config.notify ? `${shellQuote(process.execPath)} ${shellQuote(CLI_ENTRY)} attention` : null;
    writeFileAtomic(settingsPath, withEnv(withAttentionHooks(guarded, attentionPath(gitDir), settingsPath, notify), env, settingsPath));
    lines.push('Claude Code in that worktree runs agent-guard before every edit and after every Bash command (.claude/settings.local.json).');
  }
  if (opts.sandbox || config.claudeSandbox) {
    const denyWrite = await sandboxDenyWrite(worktree, gitDir, opts.name, loaded);
    writeFileAtomic(settingsPath, withSandbox(readIfExists(settingsPath), denyWrite, settingsPath));
    lines.push(`Claude Code's Bash sandbox is on there: no unsandboxed commands, ${denyWrite.length} places read-only (the folders outside the scope, its hooks and manifest).`);
  }
  const clients = manifest.clients!;
  await wireClients(mainRoot, worktree, gitDir, clients, lines, { agentEnv: env });
  lines.push(`Scope of "${opts.name}": ${agent.scope.join(', ')}`);
  lines.push(`The agent's instructions: ${join(worktree, '.agent-guard', 'scope.md')} (CLAUDE.md imports it after \`agent-guard init\`).`);
  if (opts.scope || opts.task) lines.push(`Commit ${loaded.file} on ${config.base} so that CI enforces the same scope.`);
  // the client asked for on the command line first: `spawn web --client gemini` is started with gemini
  const start = [...(opts.clients ?? []), ...clients].find((c) => c !== 'claude' || config.claudeHooks) ?? 'claude';
  lines.push(`Start the agent there, e.g.: cd ${worktree} && ${CLIENT_TABLE[start].binary}`);
}

/** Applies --scope/--task to the config file under a lock (two spawns at once must not lose an edit). */
export async function updateConfig(mainRoot: string, opts: SpawnOptions, lines: string[], current: LoadedConfig): Promise<LoadedConfig> {
  if (!opts.scope && opts.task === undefined && !opts.after) return current;
  const lock = join(commonGitDir((await repoInfo(mainRoot)).gitDir), 'agent-guard', 'config.lock');
  return withLock(lock, async () => {
    current = await loadConfig(mainRoot); // re-read under the lock: another spawn may have written it
    const update: AgentUpdate = { ...(opts.scope && { scope: opts.scope }), ...(opts.task !== undefined && { task: opts.task }), ...(opts.after && { after: opts.after }) };
    const path = join(mainRoot, current.file);
    const next = withAgent(current.file, readFileSync(path, 'utf8'), opts.name, update);
    writeFileAtomic(path, next);
    const reloaded = await loadConfig(mainRoot); // validates the edited file before anything uses it
    lines.push(`Updated agent "${opts.name}" in ${current.file}.`);
    return reloaded;
  });
}

/**
 * Where an agent that builds on others starts: the branch tip of the first agent it waits for
 * whose work is not in base yet (null: none, start from base).
 */
async function startAfter(mainRoot: string, config: Config, name: string, worktrees: Worktree[]): Promise<string | null> {
  if (!config.agents[name]?.after?.length) return null;
  const baseTip = await revParse(mainRoot, config.base);
  for (const other of config.agents[name]?.after ?? []) {
    const tip = await branchTip(mainRoot, placeOf(config, other, worktrees).branch);
    if (tip && !(baseTip && (await isAncestor(mainRoot, tip, baseTip)))) return tip;
  }
  return null;
}

/** Tracked files that the new agent's scope shares with agents that have a live worktree (and the files, if listed). */
async function liveOverlaps(mainRoot: string, config: Config, configFile: string, name: string, worktrees: Awaited<ReturnType<typeof listWorktrees>>) {
  const live = Object.keys(config.agents).filter(
    (other) => other !== name && !inSequence(config, name, other) && placeOf(config, other, worktrees).worktree?.prunable === false,
  );
  if (live.length === 0) return { overlaps: [], globs: [] };
  const files = await trackedFiles(mainRoot);
  const scopes = new Map([name, ...live].map((agent) => [agent, compileScope(config.agents[agent]!.scope, micromatchRegex)]));
  const other = (agents: [string, string]) => (agents[0] === name ? agents[1] : agents[0]);
  const overlaps = scopeOverlaps(files, scopes)
    .filter((o) => o.agents.includes(name))
    .map((o) => ({ agent: other(o.agents), paths: o.paths }));
  // files not yet written: a glob overlap with an agent that shares no file yet (undecided pairs are not refused)
  const sharing = new Set(overlaps.map((o) => o.agent));
  const memo = OverlapCache.forCommonDir((await repoInfo(mainRoot)).commonDir);
  const verdicts = configGlobOverlaps(config, configFile, micromatchRegex, [name, ...live], name, memo);
  memo.save();
  const globs = verdicts
    .filter((o): o is Extract<GlobVerdict, { witness: string }> => o.agents.includes(name) && 'witness' in o && !sharing.has(other(o.agents)))
    .map((o) => ({ agent: other(o.agents), witness: o.witness }));
  return { overlaps, files, globs };
}

/** What an agent's sandboxed Bash may not write: folders with nothing in its scope, and agent-guard's own places. */
async function sandboxDenyWrite(worktree: string, gitDir: string, name: string, loaded: LoadedConfig): Promise<string[]> {
  const { config } = loaded;
  const policy = compilePolicy(config, name, loaded.file, micromatchRegex);
  const globs = [...config.agents[name]!.scope, ...config.shared].filter((g) => !g.startsWith('!'));
  const folders = globs.map(globFolder);
  const scopeFolders = folders.some((f) => f === null) ? null : (folders as string[]);
  const denied = deniedFolders(await trackedFiles(worktree), (path) => policy.reasonAgainst(path) === null, scopeFolders);
  const common = commonGitDir(gitDir);
  return [
    ...denied.map((dir) => join(worktree, dir)),
    join(worktree, '.claude', 'settings.local.json'),
    join(gitDir, 'agent-guard', 'hooks'),
    join(gitDir, 'agent-guard', 'manifest.json'),
    join(gitDir, 'config.worktree'),
    join(common, 'agent-guard'),
    join(common, 'hooks'),
  ];
}

/** The PreToolUse command: this node and this agent-guard's guard entry, by absolute path (no npx, no PATH). */
export function guardCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(GUARD_ENTRY)}`;
}

/**
 * The PostToolUse command after Bash (hooks/post-bash.sh): the same entry with `post`, and the
 * worktree's `git status` started beside node, its output on fd 4 (the hook's JSON stays on stdin).
 */
export function postBashCommand(): string {
  return renderTemplate(inlined(readTemplates().postBash), { NODE: shellQuote(process.execPath), ENTRY: shellQuote(GUARD_ENTRY) });
}

/**
 * Of the live agents whose scopes overlap this one's, those that started before it (`since`: its own
 * start when it is refreshed, else now), with their scope and git dir for the manifest.
 */
async function earlierAgents(mainRoot: string, config: Config, names: readonly string[], since: string | null): Promise<NonNullable<Manifest['earlier']>> {
  if (names.length === 0) return [];
  const worktrees = await listLiveWorktrees(mainRoot);
  const found: NonNullable<Manifest['earlier']> = [];
  for (const name of names) {
    const path = placeOf(config, name, worktrees).worktree?.path;
    if (!path) continue;
    const { gitDir } = await repoInfo(path);
    const theirs = readManifestOrNull(gitDir);
    if (theirs && (since === null || theirs.createdAt < since)) found.push({ agent: name, scope: theirs.scope, gitDir });
  }
  return found;
}

function readManifestOrNull(gitDir: string): Manifest | null {
  try {
    return readManifest(gitDir);
  } catch {
    return null; // damaged: its own spawn repairs it
  }
}

/**
 * The agent's block of ports (null: the config gives it none): the one it holds already when the
 * size is the same, else the lowest free one beside every other live agent's. A range with no room
 * is a usage error naming the agents that hold it.
 */
async function portBlockFor(mainRoot: string, config: Config, name: string, current: Manifest | null): Promise<PortBlock | null> {
  const size = config.agents[name]?.ports ?? config.ports;
  if (size === undefined) return null;
  if (current?.ports && current.ports.size === size) return current.ports;
  const held = await heldPortBlocks(mainRoot, name);
  const from = freeBlock(size, parsePortRange(config.portRange), held.map((h) => h.block));
  if (from === null) {
    const holders = held.map((h) => `${h.agent} ${h.block.from}-${h.block.from + h.block.size - 1}`).join(', ');
    throw new UsageError(`agent-guard: no block of ${size} ports is free in ${config.portRange} for agent "${name}" (held: ${holders || 'none'}). Remove or prune agents that are done, lower ports, or widen portRange. Nothing was changed for the ports.`);
  }
  return { from, size };
}

/** The port blocks this clone's other live agents hold (their manifests say). */
async function heldPortBlocks(mainRoot: string, name: string): Promise<{ agent: string; block: PortBlock }[]> {
  const held: { agent: string; block: PortBlock }[] = [];
  for (const worktree of await listLiveWorktrees(mainRoot)) {
    const theirs = worktree.path === mainRoot ? null : readManifestOrNull((await repoInfo(worktree.path)).gitDir);
    if (theirs?.ports && theirs.agent !== name) held.push({ agent: theirs.agent, block: theirs.ports });
  }
  return held;
}

/** spawn copies the ignored files itself: the post-checkout hook of the worktree it adds does not. */
const NO_COPY = { AGENT_GUARD_NO_COPY: '1' };
