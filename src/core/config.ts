import { DEFAULT_BRANCHES, branchPatternProblem } from './branches.js';
import { configShape } from './config-shape.js';
import { afterProblems } from './sequence.js';
import { UsageError } from './errors.js';
import type { Client } from './clients.js';
import { shapeProblems, type Problem } from './validate.js';

export interface AgentConfig {
  scope: string[];
  task?: string;
  /** Agents this one builds on (see core/sequence.ts). */
  after?: string[];
  /** The Claude Code sub-agent type that is this agent (default: its name). */
  claudeAgent?: string;
  /** How many ports this agent gets (overrides the top-level `ports`). */
  ports?: number;
  /** What it may spend (either or both). */
  budget?: { tokens?: number; usd?: number };
}

export interface Config {
  base: string;
  worktrees: string;
  /** Agent branch patterns, each with one `{name}`; the first is what spawn creates. */
  branches: string[];
  shared: string[];
  protected: string[];
  /** What makes a new worktree ready (`setup` as a string is one `run` command). */
  setup?: SetupConfig;
  verify?: string;
  claudeHooks: boolean;
  /** "strict": a sub-agent type that names no declared agent is denied. */
  agentTypes?: 'strict';
  /** The agent clients spawn wires the edit-time guard into (default: Claude Code). */
  clients: Client[];
  /** Scope claims on a shared remote (absent: off). */
  claims?: { remote: string; ttl: string };
  /** spawn writes Claude Code's Bash sandbox settings into each agent worktree. */
  claudeSandbox: boolean;
  /** A duration like "15m": how long an unfinished worktree may sit unchanged before status says STALLED. */
  stallAfter: string;
  /** How many ports each live agent gets (agents.NAME.ports overrides); absent: none. */
  ports?: number;
  /** Prices per million tokens by model (input, output, cacheRead, cacheWrite). */
  /** What an agent past its budget meets: a flag, or also the guard's refusal. */
  budget?: { action: 'warn' | 'stop' };
  /** Who hears when an agent waits or ends its turn. */
  notify?: { command?: string; desktop: boolean };
  prices?: Record<string, { input?: number; output?: number; cacheRead?: number; cacheWrite?: number }>;
  /** The ports blocks are handed out from, "FROM-TO" inclusive (portRangeOf reads it). */
  portRange: string;
  agents: Record<string, AgentConfig>;
}

export interface LoadedConfig {
  config: Config;
  /** Repository-relative path of the file the config came from. */
  file: string;
  /** Where it was read: the working tree, or a git ref (CI trust). */
  source: { kind: 'worktree' } | { kind: 'ref'; ref: string };
}

/** Every file name the config may live in, in search order (package.json uses the `agent-guard` key). */
export const CONFIG_FILES = [
  'package.json',
  '.agent-guardrc',
  '.agent-guardrc.json',
  '.agent-guardrc.yaml',
  '.agent-guardrc.yml',
  'agent-guard.config.json',
  'agent-guard.config.yaml',
  'agent-guard.config.yml',
  'agent-guard.config.js',
  'agent-guard.config.cjs',
  'agent-guard.config.mjs',
  'agent-guard.config.ts',
] as const;

export const PACKAGE_JSON_KEY = 'agent-guard';

/** Checks a parsed config document and fills in defaults; throws one UsageError listing every problem. */
export function validateConfig(raw: unknown, file: string): Config {
  const problems = [...shapeProblems(raw, configShape)];
  if (problems.length === 0) problems.push(...branchProblems(raw as Partial<RawConfig>), ...afterProblems((raw as Partial<RawConfig>).agents ?? {}), ...portRangeProblems((raw as Partial<RawConfig>).portRange));
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - ${p.at === '' ? '(the whole file)' : p.at}: ${p.message}`);
    throw new UsageError(
      `agent-guard: the config in ${file} is not valid:\n${lines.join('\n')}\n` +
        'Fix these keys and run the command again (the JSON Schema ships as agent-guard/schema.json).',
    );
  }
  const doc = raw as Partial<RawConfig>;
  return {
    base: doc.base ?? 'main',
    worktrees: doc.worktrees ?? '../{repo}.agents',
    branches: doc.branches ?? (doc.branchPrefix !== undefined ? [`${doc.branchPrefix}{name}`] : [...DEFAULT_BRANCHES]),
    shared: doc.shared ?? [],
    protected: doc.protected ?? [],
    ...(doc.setup !== undefined && { setup: setupOf(doc.setup) }),
    ...(doc.verify !== undefined && { verify: doc.verify }),
    claudeHooks: doc.claudeHooks ?? true,
    clients: doc.clients ?? ['claude'],
    ...(doc.agentTypes !== undefined && { agentTypes: doc.agentTypes }),
    claudeSandbox: doc.claudeSandbox ?? false,
    ...(doc.claims !== undefined && { claims: { remote: doc.claims.remote, ttl: doc.claims.ttl ?? '7d' } }),
    stallAfter: doc.stallAfter ?? '15m',
    ...(doc.ports !== undefined && { ports: doc.ports }),
    ...(doc.prices !== undefined && { prices: doc.prices }),
    ...(doc.budget !== undefined && { budget: { action: doc.budget.action ?? 'warn' } }),
    ...(doc.notify !== undefined && { notify: { ...(doc.notify.command !== undefined && { command: doc.notify.command }), desktop: doc.notify.desktop ?? false } }),
    portRange: doc.portRange ?? '20000-29999',
    agents: doc.agents ?? {},
  };
}

/** The file's own form: `branchPrefix` is still accepted and becomes `branches`; `setup` may be one command. */
type RawConfig = Omit<Config, 'branches' | 'setup' | 'budget' | 'notify'> & { budget: { action?: 'warn' | 'stop' }; notify: { command?: string; desktop?: boolean }; branches: string[]; branchPrefix: string; setup: string | Partial<SetupConfig> };

export interface SetupConfig {
  /** Globs of the main checkout's ignored files copied in, besides `.worktreeinclude`'s. */
  copy: string[];
  run: string[];
  teardown: string[];
  /** How long one command may run ("30m"). */
  timeout: string;
}

function setupOf(raw: string | Partial<SetupConfig>): SetupConfig {
  if (typeof raw === 'string') return { copy: [], run: [raw], teardown: [], timeout: '30m' };
  return { copy: raw.copy ?? [], run: raw.run ?? [], teardown: raw.teardown ?? [], timeout: raw.timeout ?? '30m' };
}

/** A "FROM-TO" port range as numbers. */
export function parsePortRange(text: string): { from: number; to: number } {
  const [from, to] = text.split('-').map(Number) as [number, number];
  return { from, to };
}

function portRangeProblems(text: string | undefined): Problem[] {
  if (text === undefined) return [];
  const { from, to } = parsePortRange(text);
  return from >= 1 && to <= 65535 && from <= to ? [] : [{ at: 'portRange', message: `${JSON.stringify(text)} is not a range of ports (1-65535, the first no higher than the last)` }];
}

function branchProblems(doc: Partial<RawConfig>): Problem[] {
  if (doc.branches !== undefined && doc.branchPrefix !== undefined) {
    return [{ at: 'branchPrefix', message: 'cannot be set together with branches; write the prefix as a pattern in branches (e.g. "agent/{name}")' }];
  }
  if (doc.branches === undefined) return [];
  if (doc.branches.length === 0) return [{ at: 'branches', message: 'must list at least one pattern (e.g. "agent/{name}")' }];
  return doc.branches.flatMap((pattern, i) => {
    const message = branchPatternProblem(pattern);
    return message ? [{ at: `branches[${i}]`, message }] : [];
  });
}

export class NoConfigError extends UsageError {}

export function noConfigError(where: string): NoConfigError {
  return new NoConfigError(
    `agent-guard: no config found in ${where}. Looked for ${CONFIG_FILES.join(', ')} ` +
      `(package.json with an "${PACKAGE_JSON_KEY}" key). Run \`npx agent-guard init\` to create agent-guard.config.json.`,
  );
}
