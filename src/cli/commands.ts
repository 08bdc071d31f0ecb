import { resolve } from 'node:path';
import { isatty } from 'node:tty';
import { FORMATS, type Format } from '../render/format-names.js';
import { runCommand } from './exit-codes.js';
import { HOOK_MODES, type HookMode } from '../init/hook-mode.js';
import { CLIENTS, type Client } from '../core/clients.js';
import { writeStdout, type Output } from '../io/stdout.js';

/**
 * Every command once: its arguments (read by both the fast parser and yargs, which builds the help
 * and the usage errors from this table) and what it runs. Command modules load only when used.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  array?: boolean;
  choices?: readonly string[];
  default?: string | boolean;
  describe?: string;
}

export interface PositionalSpec {
  name: string;
  array?: boolean;
  optional?: boolean;
  choices?: readonly string[];
  describe?: string;
}

export type Args = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  name: string;
  describe: string | false;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  examples?: [string, string][];
  run(args: Args): Promise<void>;
}

type Result = { exitCode: number; output: Output };

/** Runs a command module's result: prints its output, sets the exit code. */
const print = (result: () => Promise<Result>) =>
  runCommand(async () => {
    const { exitCode, output } = await result();
    if (typeof output === 'string') writeStdout(output);
    else output(writeStdout);
    return exitCode;
  });

const str = (value: Args[string]) => (value === undefined ? undefined : String(value));
const list = (value: Args[string]) => (value === undefined ? undefined : ([] as unknown[]).concat(value).map(String));
const cwd = () => process.cwd();

const force: OptionSpec = { type: 'boolean', default: false, describe: 'Even with uncommitted work or unmerged commits (backed up)' };

export const COMMANDS: CommandSpec[] = [
  {
    name: 'init',
    describe: 'Set up this repository: config, hooks (through husky, the pre-commit framework, lefthook or git, keeping every hook that ran before), CLAUDE.md rules',
    positionals: [],
    options: {
      ci: { type: 'string', choices: ['github', 'gitlab', 'none'], describe: 'Also write a CI job that checks pull requests (GitHub workflow) or merge requests (GitLab, with a Code Quality report)' },
      'agents-md': { type: 'boolean', default: false, describe: 'Also write the rules into AGENTS.md (Codex, Cursor…)' },
      'claude-hooks': { type: 'boolean', default: true, describe: 'spawn registers the Claude Code edit-time guard (--no-claude-hooks sets claudeHooks: false)' },
      'claude-worktrees': { type: 'boolean', default: false, describe: 'Make `claude -w NAME` spawn agent NAME (WorktreeCreate/WorktreeRemove hooks)' },
      'claude-subagents': { type: 'boolean', default: false, describe: 'Write a Claude Code sub-agent (.claude/agents/NAME.md) for each declared agent, and run the guard in this checkout' },
      hooks: { type: 'string', choices: HOOK_MODES, describe: 'How the hooks go in (default: chosen from what the repository has): husky, pre-commit (framework), lefthook, simple-git-hooks or git' },
      'dry-run': { type: 'boolean', default: false, describe: 'Print what would change; write nothing' },
      claims: { type: 'string', describe: 'Keep scope claims on this git remote (default origin), shared by every clone' },
    },
    run: (a) =>
      print(() =>
        import('./init.js').then(({ init }) =>
          init({
            claims: a.claims === undefined ? null : str(a.claims) || 'origin',
            cwd: cwd(),
            agentsMd: a.agentsMd === true,
            ci: (str(a.ci) as 'github' | 'gitlab' | 'none' | undefined) ?? null,
            claudeHooks: a.claudeHooks !== false,
            claudeWorktrees: a.claudeWorktrees === true,
            claudeSubagents: a.claudeSubagents === true,
            hooks: (str(a.hooks) as HookMode | undefined) ?? null,
            dryRun: a.dryRun === true,
          }),
        ),
      ),
  },
  {
    name: 'check',
    describe: "Check changes against the agent's scope (exit 0 ok, 1 violation, 2 usage/config error)",
    positionals: [],
    options: {
      staged: { type: 'boolean', describe: 'Check the index (what would be committed)' },
      base: { type: 'string', describe: 'Check every commit in merge-base(REF, HEAD)..HEAD; the config is read from REF' },
      range: { type: 'string', describe: 'Check every commit in A..B' },
      agent: { type: 'string', describe: 'Check as this agent (overrides every other identity)' },
      format: { type: 'string', choices: FORMATS, default: 'text', describe: 'Output format' },
    },
    examples: [
      ['$0 check --staged', 'What the pre-commit hook checks'],
      ['$0 check --base origin/main --format github', 'What CI checks on a pull request'],
    ],
    run: (a) =>
      print(() =>
        import('./check.js').then(({ check }) =>
          check({
            cwd: cwd(),
            ...(a.staged !== undefined && { staged: a.staged === true }),
            ...(a.base !== undefined && { base: str(a.base)! }),
            ...(a.range !== undefined && { range: str(a.range)! }),
            ...(a.agent !== undefined && { agent: str(a.agent)! }),
            format: (str(a.format) ?? 'text') as Format,
            env: process.env,
            isTty: isatty(1), // not process.stdout.isTTY: that would open the stream (and make a pipe non-blocking)
          }),
        ),
      ),
  },
  {
    name: 'spawn',
    describe: "Create an agent's worktree, branch, manifest, instructions and trusted hooks",
    positionals: [{ name: 'name', describe: 'The agent (letters, digits, . _ -)' }],
    options: {
      scope: { type: 'string', array: true, describe: "Set the agent's scope in the config (repeatable)" },
      task: { type: 'string', describe: "Set the agent's task in the config" },
      base: { type: 'string', describe: 'Start the branch from this ref instead of the config base' },
      path: { type: 'string', describe: 'Create the worktree here instead of the configured folder' },
      after: { type: 'string', array: true, describe: "Build on this agent's work: start from its branch, merge after it (repeatable)" },
      sandbox: { type: 'boolean', default: false, describe: "Turn on Claude Code's Bash sandbox there, folders outside the scope read-only" },
      offline: { type: 'boolean', default: false, describe: 'With claims on: spawn without a claim when the claims remote cannot be reached' },
      client: { type: 'string', array: true, choices: CLIENTS, describe: "Also wire this agent client's edit-time guard there, besides the config's clients (repeatable)" },
      'allow-overlap': { type: 'boolean', default: false, describe: 'Spawn even if the scope overlaps a live agent' },
      setup: { type: 'boolean', default: true, describe: "Run the config's setup commands in the new worktree (--no-setup: later, with agent-guard setup NAME)" },
      'claude-subagent': { type: 'boolean', default: false, describe: 'Make the agent a Claude Code sub-agent of this checkout (.claude/agents/NAME.md) instead of a worktree' },
    },
    run: (a) =>
      print(() =>
        import('./spawn.js').then(({ spawn }) =>
          spawn(cwd(), {
            ...(a.claudeSubagent === true && { claudeSubagent: true }),
            ...(a.client !== undefined && { clients: list(a.client) as Client[] }),
            ...(a.after !== undefined && { after: list(a.after)! }),
            ...(a.sandbox === true && { sandbox: true }),
            ...(a.offline === true && { offline: true }),
            name: str(a.name)!,
            ...(a.scope !== undefined && { scope: list(a.scope)! }),
            ...(a.task !== undefined && { task: str(a.task)! }),
            ...(a.base !== undefined && { base: str(a.base)! }),
            ...(a.path !== undefined && { path: resolve(str(a.path)!) }),
            allowOverlap: a.allowOverlap === true,
            ...(a.setup === false && { noSetup: true }),
          }),
        ),
      ),
  },
  {
    name: 'adopt',
    describe: 'Register an existing worktree (made by git worktree add, claude --worktree, a runner) as an agent, as spawn would have set it up',
    positionals: [
      { name: 'name', describe: 'The agent (letters, digits, . _ -)' },
      { name: 'path', optional: true, describe: 'The worktree (default: the current directory)' },
    ],
    options: {
      scope: { type: 'string', array: true, describe: "Set the agent's scope in the config (repeatable)" },
      task: { type: 'string', describe: "Set the agent's task in the config" },
      'allow-overlap': { type: 'boolean', default: false, describe: 'Adopt even if the scope overlaps a live agent' },
    },
    run: (a) =>
      print(() =>
        import('./lifecycle.js').then(({ adopt }) =>
          adopt(cwd(), {
            name: str(a.name)!,
            path: resolve(str(a.path) ?? '.'),
            ...(a.scope !== undefined && { scope: list(a.scope)! }),
            ...(a.task !== undefined && { task: str(a.task)! }),
            allowOverlap: a.allowOverlap === true,
            ...(a.setup === false && { noSetup: true }),
          }),
        ),
      ),
  },
  {
    name: 'status',
    describe: 'Every agent: worktree, branch, ahead/behind, changed files, violations, overlaps, last activity',
    positionals: [],
    options: {
      json: { type: 'boolean', default: false, describe: 'One JSON object (shape in the README)' },
      watch: { type: 'boolean', default: false, describe: 'Redraw every 2 seconds; marks agents whose flags changed and rings the bell once per new flag' },
      quiet: { type: 'boolean', default: false, describe: 'With --watch: no bell' },
      interval: { type: 'string', default: '2', describe: 'With --watch: seconds between redraws (0.1 to 3600)' },
      disk: { type: 'boolean', default: false, describe: "Each worktree's size on disk, ignored files included (walks the trees)" },
    },
    run: (a) =>
      a.watch === true
        ? runCommand(() => import('./status.js').then(({ watchStatus }) => watchStatus(cwd(), String(a.interval), a.quiet === true)))
        : print(() => import('./status.js').then(({ status }) => status(cwd(), a.json === true, isatty(1), a.disk === true))),
  },
  {
    name: 'setup',
    describe: "Run the config's setup commands in the agent's worktree again (status shows SETUP-FAILED until they pass)",
    positionals: [{ name: 'name', describe: 'The agent' }],
    options: {},
    run: (a) => print(() => import('./setup.js').then(({ setup }) => setup(cwd(), str(a.name)!))),
  },
  {
    name: 'copy-included',
    describe: "What a new worktree's post-checkout hook runs: copies in the main checkout's ignored files that .worktreeinclude or setup.copy name",
    positionals: [],
    options: {},
    run: () => print(() => import('./copy-included.js').then(({ copyIncluded }) => copyIncluded(cwd()))),
  },
  {
    name: 'env',
    describe: "An agent's environment (AGENT_GUARD_AGENT, its ports: AGENT_GUARD_PORT, PORT, AGENT_GUARD_PORTS, and COMPOSE_PROJECT_NAME) as export lines; NAME defaults to this worktree's agent",
    positionals: [{ name: 'name', optional: true }],
    options: { json: { type: 'boolean', default: false } },
    run: (a) => print(() => import('./env.js').then(({ env }) => env(cwd(), str(a.name), a.json === true))),
  },
  {
    name: 'plan',
    describe: "Validate the config and list tracked files that two agents' scopes both claim (exit 1 on overlap)",
    positionals: [],
    options: { json: { type: 'boolean', default: false } },
    run: (a) => print(() => import('./plan.js').then(({ plan }) => plan(cwd(), a.json === true))),
  },
  {
    name: 'merge',
    describe: 'Merge queue: for each agent in order, check its branch, merge it in a scratch checkout, run verify there, then move base',
    positionals: [{ name: 'names', array: true, optional: true }],
    options: {
      verify: { type: 'string', describe: "Command run on each merged result (default: the config's verify)" },
      'dry-run': { type: 'boolean', default: false, describe: 'Print the forecast of the queue (each step merged on the one before) and merge nothing' },
      all: { type: 'boolean', default: false, describe: "The merge train: every agent with work base lacks, ordered by `after` and the conflict forecast" },
      prune: { type: 'boolean', default: false, describe: "Remove each landed agent's worktree and branch (backed up first)" },
    },
    run: (a) => print(() => import('./lifecycle.js').then(({ merge }) => merge(cwd(), list(a.names) ?? [], str(a.verify), { dryRun: a.dryRun === true, all: a.all === true, prune: a.prune === true }))),
  },
  {
    name: 'sync',
    describe: "Bring base's new commits into the agent's branch (a merge; stops cleanly on conflict)",
    positionals: [{ name: 'name' }],
    options: {},
    run: (a) => print(() => import('./lifecycle.js').then(({ sync }) => sync(cwd(), str(a.name)!))),
  },
  {
    name: 'reset',
    describe: 'Kill and restart: a fresh worktree and branch from base; the old ones are backed up first',
    positionals: [{ name: 'name' }],
    options: { force, task: { type: 'string', describe: 'Restart with this (sharper) task; the old task and the refusals go into the backup' } },
    run: (a) => print(() => import('./lifecycle.js').then(({ reset }) => reset(cwd(), str(a.name)!, a.force === true, str(a.task)))),
  },
  {
    name: 'remove',
    describe: "Remove the agent's worktree and branch (backed up first)",
    positionals: [{ name: 'name' }],
    options: { force },
    run: (a) => print(() => import('./lifecycle.js').then(({ remove }) => remove(cwd(), str(a.name)!, a.force === true))),
  },
  {
    name: 'prune',
    describe: 'Remove the worktrees of agents merged into base or gone from the config (backed up first); says what it frees',
    positionals: [],
    options: { 'dry-run': { type: 'boolean', default: false }, merged: { type: 'boolean', default: false, describe: 'Only the agents whose branch is merged into base' } },
    run: (a) => print(() => import('./lifecycle.js').then(({ prune }) => prune(cwd(), a.dryRun === true, a.merged === true))),
  },
  {
    name: 'hook',
    describe: "What the installed git hooks run: pre-commit checks the index, pre-push reads git's stdin and checks every pushed commit",
    positionals: [
      { name: 'name', choices: ['pre-commit', 'pre-push'] },
      { name: 'args', array: true, optional: true },
    ],
    options: {},
    run: (a) => runCommand(() => import('../hook.js').then(({ runHook }) => runHook(str(a.name)!, list(a.args) ?? []))),
  },
  {
    name: 'guard',
    describe: "The agent clients' before-tool hook: denies edits and shell writes outside the scope and commands that switch the guard off; `guard post` reports what a shell command changed out of scope",
    positionals: [{ name: 'event', optional: true, choices: ['post'], describe: 'post: registered for PostToolUse (unreadable input then passes)' }],
    options: { client: { type: 'string', choices: CLIENTS, default: 'claude', describe: "Whose hook payload this is, answered in that client's deny form" } },
    run: (a) => runCommand(() => import('./guard.js').then(({ guard }) => guard(str(a.event), (str(a.client) ?? 'claude') as Client))),
  },
  {
    name: 'ui',
    describe: 'A live page of every agent: scope map, flags, cost, diffs, the conflict forecast (read-only unless --allow-actions)',
    positionals: [],
    options: {
      port: { type: 'string', default: '0', describe: 'The port (0: a free one)' },
      host: { type: 'string', default: '127.0.0.1', describe: 'The address to listen on; anything but loopback prints a warning' },
      open: { type: 'boolean', default: false, describe: 'Open the page in the browser' },
      'allow-actions': { type: 'boolean', default: false, describe: 'Buttons for merge --dry-run, merge, sync, reset and remove, each confirmed' },
    },
    run: (a) => runCommand(() => import('./ui.js').then(({ ui }) => ui(cwd(), { port: String(a.port), host: String(a.host), open: a.open === true, allowActions: a.allowActions === true }))),
  },
  {
    name: 'attention',
    describe: false, // hidden: what an agent client's waiting/idle hook runs after recording the event, where the config has notify
    positionals: [{ name: 'file' }],
    options: { client: { type: 'string', default: 'claude' } },
    run: (a) => print(() => import('./attention.js').then(({ attention }) => attention(str(a.file)!, str(a.client) ?? 'claude'))),
  },
  {
    name: 'claude-worktree',
    describe: false, // hidden: what Claude Code's WorktreeCreate/WorktreeRemove hooks run (see init --claude-worktrees)
    positionals: [{ name: 'event', choices: ['create', 'remove'] }],
    options: {},
    run: (a) => runCommand(() => import('./guard.js').then(({ claudeWorktree }) => claudeWorktree(str(a.event) as 'create' | 'remove'))),
  },
  {
    name: 'claims',
    describe: 'Scope claims on the shared remote: list them (--json), `claims prune` (stale ones), `claims release NAME` (--force: another clone\'s)',
    positionals: [
      { name: 'action', optional: true, choices: ['prune', 'release'] },
      { name: 'name', optional: true },
    ],
    options: {
      json: { type: 'boolean', default: false, describe: 'One JSON object: { "claims": [...] }' },
      force: { type: 'boolean', default: false, describe: "With release: release another clone's claim" },
    },
    run: (a) => print(() => import('./claims.js').then(({ claims }) => claims(cwd(), str(a.action), str(a.name), a.json === true, a.force === true))),
  },
  {
    name: 'conflicts',
    describe: "Forecast merge conflicts between the live agents' branches and base (exit 1 when one is foreseen)",
    positionals: [],
    options: { json: { type: 'boolean', default: false, describe: 'One JSON object: { "base", "agents": [...], "conflicts": [{ "agents": [A, B|"base"], "files": [...] }] }' } },
    run: (a) => print(() => import('./conflicts.js').then(({ conflicts }) => conflicts(cwd(), a.json === true))),
  },
  {
    name: 'uninstall',
    describe: 'Put back what init changed: hook settings, hook-manager configs, .husky blocks, CLAUDE.md/AGENTS.md (agents\' worktrees stay)',
    positionals: [],
    options: { 'dry-run': { type: 'boolean', default: false, describe: 'Print what would change; change nothing' } },
    run: (a) => print(() => import('./uninstall.js').then(({ uninstall }) => uninstall(cwd(), a.dryRun === true))),
  },
  {
    name: 'doctor',
    describe: 'Diagnose: hooks installed and reachable, core.hooksPath, node for GUI git clients, config valid, worktrees present',
    positionals: [],
    options: { fix: { type: 'boolean', default: false, describe: "Repair what needs no tracked file: the hooks every linked worktree runs" } },
    run: (a) => print(() => import('./doctor.js').then(({ doctor }) => doctor(cwd(), a.fix === true))),
  },
];

/** The yargs command string of a spec: `spawn <name>`, `merge <names..>`, `hook <name> [args..]`. */
export function commandLine(spec: CommandSpec): string {
  const parts = spec.positionals.map((p) => {
    const inner = p.array ? `${p.name}..` : p.name;
    return p.optional ? `[${inner}]` : `<${inner}>`;
  });
  return [spec.name, ...parts].join(' ');
}

export const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
