#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { FORMATS, type Format } from '../render/formats.js';
import { runCommand } from './edge.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** `reset` and `remove` take the same arguments. */
const nameWithForce = (y: Argv) =>
  y
    .positional('name', { type: 'string', demandOption: true })
    .option('force', { type: 'boolean', default: false, describe: 'Even with uncommitted work or unmerged commits (backed up)' });

/** Runs a command module's result: prints its output, sets the exit code. Modules load only when used. */
const print = (result: Promise<{ exitCode: number; output: string }>) =>
  runCommand(async () => {
    const { exitCode, output } = await result;
    process.stdout.write(output);
    return exitCode;
  });

await yargs(hideBin(process.argv))
  .scriptName('agent-guard')
  .usage('$0 <command> [options]\n\nKeep parallel AI coding agents inside their assigned file scopes.')
  .command(
    'init',
    'Set up this repository: config, husky pre-commit/pre-push hooks, CLAUDE.md rules',
    (y) =>
      y
        .option('ci', { choices: ['github'] as const, describe: 'Also write a CI workflow that checks pull requests' })
        .option('agents-md', { type: 'boolean', default: false, describe: 'Also write the rules into AGENTS.md (Codex, Cursor…)' })
        .option('claude-hooks', { type: 'boolean', default: true, describe: 'spawn registers the Claude Code edit-time guard (--no-claude-hooks sets claudeHooks: false)' })
        .option('claude-worktrees', { type: 'boolean', default: false, describe: 'Make `claude -w NAME` spawn agent NAME (WorktreeCreate/WorktreeRemove hooks)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would change; write nothing' }),
    (argv) =>
      print(
        import('./init.js').then(({ init }) =>
          init({
            cwd: process.cwd(),
            agentsMd: argv.agentsMd,
            ci: argv.ci ?? null,
            claudeHooks: argv.claudeHooks,
            claudeWorktrees: argv.claudeWorktrees,
            dryRun: argv.dryRun,
          }),
        ),
      ),
  )
  .command(
    'check',
    "Check changes against the agent's scope (exit 0 ok, 1 violation, 2 usage/config error)",
    (y) =>
      y
        .option('staged', { type: 'boolean', describe: 'Check the index (what would be committed)' })
        .option('base', { type: 'string', describe: 'Check every commit in merge-base(REF, HEAD)..HEAD; the config is read from REF' })
        .option('range', { type: 'string', describe: 'Check every commit in A..B' })
        .option('agent', { type: 'string', describe: 'Check as this agent (overrides every other identity)' })
        .option('format', { choices: FORMATS, default: 'text' as Format, describe: 'Output format' })
        .example('$0 check --staged', 'What the pre-commit hook checks')
        .example('$0 check --base origin/main --format github', 'What CI checks on a pull request'),
    (argv) =>
      print(
        import('./check.js').then(({ check }) =>
          check({
            cwd: process.cwd(),
            ...(argv.staged !== undefined && { staged: argv.staged }),
            ...(argv.base !== undefined && { base: argv.base }),
            ...(argv.range !== undefined && { range: argv.range }),
            ...(argv.agent !== undefined && { agent: argv.agent }),
            format: argv.format,
            env: process.env,
            isTty: Boolean(process.stdout.isTTY),
          }),
        ),
      ),
  )
  .command(
    'spawn <name>',
    "Create an agent's worktree, branch, manifest, instructions and trusted hooks",
    (y) =>
      y
        .positional('name', { type: 'string', demandOption: true, describe: 'The agent (letters, digits, . _ -)' })
        .option('scope', { type: 'string', array: true, describe: "Set the agent's scope in the config (repeatable)" })
        .option('task', { type: 'string', describe: "Set the agent's task in the config" })
        .option('base', { type: 'string', describe: 'Start the branch from this ref instead of the config base' })
        .option('path', { type: 'string', describe: 'Create the worktree here instead of the configured folder' })
        .option('allow-overlap', { type: 'boolean', default: false, describe: 'Spawn even if the scope overlaps a live agent' }),
    (argv) =>
      print(
        import('./spawn.js').then(({ spawn }) =>
          spawn(process.cwd(), {
            name: argv.name,
            ...(argv.scope && { scope: argv.scope.map(String) }),
            ...(argv.task !== undefined && { task: argv.task }),
            ...(argv.base !== undefined && { base: argv.base }),
            ...(argv.path !== undefined && { path: resolve(argv.path) }),
            allowOverlap: argv.allowOverlap,
          }),
        ),
      ),
  )
  .command(
    'status',
    'Every agent: worktree, branch, ahead/behind, changed files, violations, overlaps, last activity',
    (y) =>
      y
        .option('json', { type: 'boolean', default: false, describe: 'One JSON object (shape in the README)' })
        .option('watch', { type: 'boolean', default: false, describe: 'Redraw every 2 seconds' }),
    (argv) =>
      argv.watch
        ? runCommand(() => import('./status.js').then(({ watchStatus }) => watchStatus(process.cwd(), 2)))
        : print(import('./status.js').then(({ status }) => status(process.cwd(), argv.json, Boolean(process.stdout.isTTY)))),
  )
  .command(
    'plan',
    'Validate the config and list tracked files that two agents\' scopes both claim (exit 1 on overlap)',
    (y) => y.option('json', { type: 'boolean', default: false }),
    (argv) => print(import('./plan.js').then(({ plan }) => plan(process.cwd(), argv.json))),
  )
  .command(
    'merge <names..>',
    'Merge queue: for each agent in order, check its branch, merge, run verify, then move base',
    (y) =>
      y
        .positional('names', { type: 'string', array: true, demandOption: true })
        .option('verify', { type: 'string', describe: 'Command run on each merged result (default: the config\'s verify)' }),
    (argv) => print(import('./lifecycle.js').then(({ merge }) => merge(process.cwd(), argv.names.map(String), argv.verify))),
  )
  .command(
    'sync <name>',
    "Bring base's new commits into the agent's branch (a merge; stops cleanly on conflict)",
    (y) => y.positional('name', { type: 'string', demandOption: true }),
    (argv) => print(import('./lifecycle.js').then(({ sync }) => sync(process.cwd(), argv.name))),
  )
  .command(
    'reset <name>',
    "Kill and restart: a fresh worktree and branch from base; the old ones are backed up first",
    nameWithForce,
    (argv) => print(import('./lifecycle.js').then(({ reset }) => reset(process.cwd(), argv.name, argv.force))),
  )
  .command(
    'remove <name>',
    "Remove the agent's worktree and branch (backed up first)",
    nameWithForce,
    (argv) => print(import('./lifecycle.js').then(({ remove }) => remove(process.cwd(), argv.name, argv.force))),
  )
  .command(
    'prune',
    'Remove the worktrees of agents merged into base or gone from the config (backed up first)',
    (y) => y.option('dry-run', { type: 'boolean', default: false }),
    (argv) => print(import('./lifecycle.js').then(({ prune }) => prune(process.cwd(), argv.dryRun))),
  )
  .command(
    'hook <name> [args..]',
    'What the installed git hooks run: pre-commit checks the index, pre-push reads git\'s stdin and checks every pushed commit',
    (y) => y.positional('name', { choices: ['pre-commit', 'pre-push'] as const, demandOption: true }).positional('args', { type: 'string', array: true }),
    (argv) => runCommand(() => import('../hook.js').then(({ runHook }) => runHook(argv.name, (argv.args ?? []).map(String)))),
  )
  .command(
    'guard',
    'Claude Code PreToolUse hook: reads the hook JSON on stdin, denies edits outside the scope and commands that switch the guard off',
    (y) => y,
    () => runCommand(() => import('./guard.js').then(({ guard }) => guard())),
  )
  .command(
    'claude-worktree <event>',
    false, // hidden: what Claude Code's WorktreeCreate/WorktreeRemove hooks run (see init --claude-worktrees)
    (y) => y.positional('event', { choices: ['create', 'remove'] as const, demandOption: true }),
    (argv) => runCommand(() => import('./guard.js').then(({ claudeWorktree }) => claudeWorktree(argv.event))),
  )
  .command(
    'doctor',
    'Diagnose: hooks installed and reachable, core.hooksPath, node for GUI git clients, config valid, worktrees present',
    (y) => y,
    () => print(import('./doctor.js').then(({ doctor }) => doctor(process.cwd()))),
  )
  .demandCommand(1, 'Name a command; see agent-guard --help.')
  .strict()
  .version(version)
  .help()
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`agent-guard: ${msg}\nSee agent-guard --help.\n`);
    process.exit(2);
  })
  .parseAsync();
