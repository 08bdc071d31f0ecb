import { CLIENTS } from './clients.js';

/**
 * The one definition of the config file's shape. It is a JSON Schema (draft-07 subset) so the
 * same object is both what `validateConfig` interprets and what the build writes out as
 * `agent-guard.schema.json`; there is no second hand-kept copy.
 */
export interface Shape {
  type?: 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number';
  minimum?: number;
  maximum?: number;
  description?: string;
  properties?: Record<string, Shape>;
  additionalProperties?: Shape | false;
  propertyNames?: Shape;
  required?: string[];
  items?: Shape;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: readonly string[];
  default?: unknown;
  /** Valid when one of these is: the forms a key may take (a command, or an object of commands). */
  anyOf?: Shape[];
  /** Not JSON Schema: marks strings that must be repository-relative globs. */
  'x-glob'?: true;
}

const glob: Shape = {
  type: 'string',
  minLength: 1,
  'x-glob': true,
  description:
    'A micromatch glob over repository-relative POSIX paths (dot files included). A leading ! excludes.',
};
const globList = (description: string): Shape => ({ type: 'array', items: glob, description });

export const AGENT_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export const configShape: Shape = {
  type: 'object',
  description: 'agent-guard configuration: which agent may change which files.',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this JSON Schema, for editors.' },
    base: { type: 'string', minLength: 1, default: 'main', description: 'The branch agents start from and merge into.' },
    worktrees: {
      type: 'string',
      minLength: 1,
      default: '../{repo}.agents',
      description: 'Where agent worktrees are created; {repo} is the repository folder name. Relative to the repository root.',
    },
    branches: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: ['agent/{name}'],
      description:
        'Branch name patterns that identify an agent, each with one {name} (e.g. "agent/{name}", "worktree-{name}" for claude --worktree). spawn uses the first.',
    },
    branchPrefix: { type: 'string', description: 'Older form of branches: the same as ["<branchPrefix>{name}"]. Not together with branches.' },
    shared: globList('Files every agent may change (e.g. lock files).'),
    protected: globList('Files no agent may change, whatever its scope.'),
    setup: {
      description: 'What makes a new worktree ready: a command (e.g. "npm ci"), or { copy, run, teardown, timeout }.',
      anyOf: [
        { type: 'string', minLength: 1, description: 'Command run in each new worktree after it is created (e.g. npm ci).' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            copy: globList('Ignored files of the main checkout copied into each new worktree, besides those .worktreeinclude names (e.g. "node_modules/**", ".env").'),
            run: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Commands run in order in each new worktree, with the agent\'s environment; the first that fails stops them.' },
            teardown: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Commands run in the worktree before remove or prune deletes it (a failure is reported, not fatal).' },
            timeout: { type: 'string', pattern: '^\\d+(s|m|h)$', default: '30m', description: 'How long one setup or teardown command may run before it is stopped.' },
          },
        },
      ],
    },
    verify: { type: 'string', description: 'Command run on the merged result before base moves (e.g. npm test).' },
    claims: {
      type: 'object',
      additionalProperties: false,
      required: ['remote'],
      description: 'Scope claims shared by every clone through this git remote (ref refs/agent-guard/claims); absent: off.',
      properties: {
        remote: { type: 'string', minLength: 1, default: 'origin', description: 'The git remote every clone pushes to.' },
        ttl: { type: 'string', pattern: '^\\d+(s|m|h|d)$', default: '7d', description: 'A claim whose branch is not on the remote is stale after this long.' },
      },
    },
    ports: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      description: 'How many ports each live agent gets (AGENT_GUARD_PORT, PORT, AGENT_GUARD_PORTS), in a block no other live agent holds; agents.NAME.ports overrides it. Absent: none.',
    },
    prices: {
      type: 'object',
      description: 'Prices per million tokens by model name (e.g. { "claude-sonnet-4-5": { "input": 3, "output": 15, "cacheRead": 0.3, "cacheWrite": 3.75 } }): status shows each agent\'s cost where every model it used has a price.',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          input: { type: 'number', minimum: 0 },
          output: { type: 'number', minimum: 0 },
          cacheRead: { type: 'number', minimum: 0 },
          cacheWrite: { type: 'number', minimum: 0 },
        },
      },
    },
    budget: {
      type: 'object',
      additionalProperties: false,
      description: 'What happens when an agent spends its agents.NAME.budget: "warn" (status flags OVER-BUDGET) or "stop" (also, the guard refuses its every further tool call, telling it to stop and report).',
      properties: { action: { type: 'string', enum: ['warn', 'stop'], default: 'warn' } },
    },
    notify: {
      type: 'object',
      additionalProperties: false,
      description: 'When an agent starts waiting for you or ends its turn: `command` runs (through the shell) with the event as JSON on stdin; `desktop: true` shows a desktop notification (notify-send on Linux, osascript on macOS).',
      properties: { command: { type: 'string', minLength: 1 }, desktop: { type: 'boolean', default: false } },
    },
    portRange: {
      type: 'string',
      pattern: '^\\d{1,5}-\\d{1,5}$',
      default: '20000-29999',
      description: 'The ports the blocks are handed out from, e.g. "20000-29999".',
    },
    claudeSandbox: {
      type: 'boolean',
      default: false,
      description: "Whether spawn turns on Claude Code's Bash sandbox in each agent worktree, with the folders outside the agent's scope read-only.",
    },
    stallAfter: {
      type: 'string',
      pattern: '^\\d+(s|m|h|d)$',
      default: '15m',
      description: 'status flags an agent STALLED when its worktree has unfinished work and no file changed for this long (e.g. "15m", "1h").',
    },
    agentTypes: {
      type: 'string',
      enum: ['strict'],
      description: 'strict: a Claude Code sub-agent whose type names no declared agent is denied (default: it is judged as the checkout is).',
    },
    clients: {
      type: 'array',
      items: { type: 'string', enum: CLIENTS },
      default: ['claude'],
      description: "The agent clients spawn wires agent-guard's edit-time guard into in each agent worktree (their before-tool hooks).",
    },
    claudeHooks: {
      type: 'boolean',
      default: true,
      description: "Whether spawn registers agent-guard's edit-time guard in each agent worktree's .claude/settings.local.json.",
    },
    agents: {
      type: 'object',
      description: 'The agents, by name.',
      propertyNames: { type: 'string', pattern: AGENT_NAME_PATTERN },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['scope'],
        properties: {
          scope: globList('Files this agent may change.'),
          task: { type: 'string', description: 'What the agent was asked to do; written into its instructions.' },
          ports: { type: 'integer', minimum: 1, maximum: 1000, description: 'How many ports this agent gets (overrides the top-level ports).' },
          budget: {
            type: 'object',
            additionalProperties: false,
            description: "What this agent may spend, in tokens (input, output and cache, summed over its sessions since spawn or reset) or in USD at the config's prices: past it, status flags OVER-BUDGET (and with budget.action \"stop\" the guard refuses its tool calls).",
            properties: { tokens: { type: 'integer', minimum: 1 }, usd: { type: 'number', minimum: 0 } },
          },
          claudeAgent: { type: 'string', minLength: 1, description: "The Claude Code sub-agent type (agent_type) that is this agent; default: the agent's name." },
          after: {
            type: 'array',
            items: { type: 'string', pattern: AGENT_NAME_PATTERN },
            description: "Agents whose work this one builds on: it starts from their branch, merges after them, and sync brings in their new commits.",
          },
        },
      },
    },
  },
};
