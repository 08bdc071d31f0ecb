import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { NoConfigError, type Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { gitOrNull } from '../git/run.js';
import { CLI_ENTRY, installHusky, packageVersion, readIfExists, readTemplates, recordInstallation, writeChange } from '../init/apply.js';
import { INCLUDED_FILE, INCLUDE_KEY, installLinkedWorktreeHooks } from '../init/linked-worktrees.js';
import { excludeForAllWorktrees } from '../lifecycle/exclude.js';
import { readLocalConfig } from '../git/local-config.js';
import { shellQuote } from '../core/shell-quote.js';
import { CLAUDE_LOCAL_SETTINGS, HUSKY_FILES, NEW_CONFIG_FILE, WORKFLOW_FILE, planInit, type InitOptions } from '../init/plan.js';
import { initNextSteps, initSummaryLine } from '../render/messages.js';

const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'Cargo.lock', 'go.sum', 'poetry.lock', 'uv.lock', 'Gemfile.lock'];

export interface InitArgs extends InitOptions {
  cwd: string;
  dryRun: boolean;
}

export async function init(args: InitArgs): Promise<{ exitCode: number; output: string }> {
  const repo = await repoInfo(args.cwd);
  const { root } = repo;
  if (args.claims && (await gitOrNull(root, ['remote', 'get-url', args.claims])) === null) {
    throw new UsageError(`agent-guard init --claims: there is no git remote "${args.claims}" here; add it (git remote add ${args.claims} URL) or name the remote every clone pushes to.`);
  }
  let config: Config | null = null;
  let configFile: string | null = null;
  try {
    ({ config, file: configFile } = await loadConfig(root));
  } catch (err) {
    if (!(err instanceof NoConfigError)) throw err;
  }

  const paths = ['package.json', NEW_CONFIG_FILE, 'CLAUDE.md', 'AGENTS.md', WORKFLOW_FILE, CLAUDE_LOCAL_SETTINGS, ...HUSKY_FILES.map((h) => `.husky/${h}`)];
  if (configFile) paths.push(configFile);
  const files = Object.fromEntries(paths.map((p) => [p, readIfExists(join(root, p))]));
  let plan;
  try {
    plan = planInit({
      files,
      config,
      configFile,
      detectedBase: repo.branch ?? 'main',
      lockFiles: LOCK_FILES.filter((f) => existsSync(join(root, f))),
      templates: readTemplates(),
      options: { agentsMd: args.agentsMd, ci: args.ci, claudeHooks: args.claudeHooks, claudeWorktrees: args.claudeWorktrees, claims: args.claims ?? null },
      version: packageVersion(),
      worktreeHookCommands: {
        create: `${shellQuote(process.execPath)} ${shellQuote(CLI_ENTRY)} claude-worktree create`,
        remove: `${shellQuote(process.execPath)} ${shellQuote(CLI_ENTRY)} claude-worktree remove`,
      },
    });
  } catch (err) {
    if (err instanceof SyntaxError) throw new UsageError(`agent-guard init: package.json is not valid JSON (${err.message}); fix it and run init again.`);
    throw err;
  }

  const lines: string[] = [];
  for (const change of plan.changes) {
    const verb = change.before === null ? 'create' : change.before === change.after ? 'unchanged' : 'update';
    lines.push(initSummaryLine(verb, change.path, args.dryRun));
    if (!args.dryRun && verb !== 'unchanged') writeChange(root, change);
  }
  lines.push(...plan.skipped.map((s) => `  skip       ${s}`));
  if (args.dryRun) {
    lines.push('  would set  core.hooksPath=.husky/_ (husky), agent-guard.entry, agent-guard.node and extensions.worktreeConfig in .git/config');
    lines.push(`  would set  the hooks of every linked worktree: ${INCLUDE_KEY} -> ${INCLUDED_FILE} in .git/config`);
    lines.push('  would set  the main worktree\'s hooks: core.hooksPath -> .git/agent-guard/linked-hooks in .git/config.worktree');
    lines.push('Dry run: nothing was written.');
    return { exitCode: 0, output: lines.join('\n') + '\n' };
  }

  if (args.claudeWorktrees) await excludeForAllWorktrees(root, [`/${CLAUDE_LOCAL_SETTINGS}`]);
  const huskyMessage = await installHusky(root);
  if (huskyMessage) lines.push(`  warning    husky did not install the hooks: ${huskyMessage.trim()}`);
  const local = await readLocalConfig(root);
  await recordInstallation(root, local);
  const linked = await installLinkedWorktreeHooks(root, repo.commonDir, plan.config.branches, readTemplates(), local);
  lines.push(initSummaryLine(linked.changed ? 'update' : 'unchanged', `${linked.dir} (the hooks of the main and every linked worktree)`, false));
  const pnpm = existsSync(join(root, 'pnpm-lock.yaml')) && !/"husky"/.test(files['package.json'] ?? '');
  lines.push('', ...initNextSteps({ createdConfig: config === null, hasPackageJson: files['package.json'] !== null, agents: Object.keys(plan.config.agents), pnpm }));
  return { exitCode: huskyMessage ? 2 : 0, output: lines.join('\n') + '\n' };
}
