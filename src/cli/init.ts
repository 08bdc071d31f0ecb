import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { NoConfigError, type Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { gitOrNull } from '../git/run.js';
import { packageVersion } from '../io/package-root.js';
import { installHusky, recordInstallation, writeChange } from '../init/apply.js';
import { CLI_ENTRY, readTemplates } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { INCLUDED_FILE, INCLUDE_KEY, installLinkedWorktreeHooks } from '../init/linked-worktrees.js';
import { excludeForAllWorktrees } from '../git/exclude.js';
import { readLocalConfig } from '../git/local-config.js';
import { shellQuote } from '../core/shell-quote.js';
import { guardCommand, postBashCommand } from '../lifecycle/spawn.js';
import { CLAUDE_LOCAL_SETTINGS, GITLAB_CI_FILE, subagentFile, GITLAB_JOB_FILE, HUSKY_FILES, NEW_CONFIG_FILE, WORKFLOW_FILE, planInit, type InitOptions, type Templates } from '../init/plan.js';
import { initNextSteps, initSummaryLine } from '../render/messages.js';
import { runSimpleGitHooks } from '../init/simple-git-hooks-install.js';
import { markSetupCopy } from '../lifecycle/include-files.js';
import { isManaged, MANAGERS, planHooks, type HookMode, type HookSurvey, type ManagedMode } from '../init/hook-mode.js';
import { PRE_COMMIT_CONFIG, surveyHooks } from '../init/hook-survey.js';
import { mergedRecord, readInstallRecord, RECORDED_GIT_FILES, writeInstallRecord } from '../init/install-record.js';
import type { Client } from '../core/clients.js';
import { CLIENT_HOOK_FILES } from '../clients/table.js';
import { wireClients } from '../clients/wire.js';


const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'Cargo.lock', 'go.sum', 'poetry.lock', 'uv.lock', 'Gemfile.lock'];

export interface InitArgs extends InitOptions {
  cwd: string;
  dryRun: boolean;
  /** `--hooks MODE`, or null: init chooses. */
  hooks?: HookMode | null;
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

  const survey = await surveyHooks(root, repo.commonDir);
  const recorded = readInstallRecord(repo.commonDir);
  if (args.hooks && recorded && recorded.mode !== args.hooks) {
    throw new UsageError(`agent-guard init --hooks ${args.hooks}: this repository's hooks are set up in ${recorded.mode} mode; run \`agent-guard uninstall\`, then \`agent-guard init --hooks ${args.hooks}\`.`);
  }
  const hookPlan = planHooks(survey, args.hooks ?? null, recorded);
  const managerConfig =
    hookPlan.mode === 'pre-commit' ? (survey.preCommitConfig ?? PRE_COMMIT_CONFIG)
    : hookPlan.mode === 'lefthook' ? (survey.lefthookConfig ?? 'lefthook.yml')
    : hookPlan.mode === 'simple-git-hooks' ? (survey.simpleGitHooksConfig ?? 'package.json')
    : null;
  if (managerConfig?.endsWith('.toml')) {
    throw new UsageError(`agent-guard init --hooks lefthook: ${managerConfig} is TOML, which agent-guard does not edit; run init without --hooks (agent-guard's hooks then run lefthook's after its check), or move the config to lefthook.yml.`);
  }

  const paths = ['package.json', NEW_CONFIG_FILE, 'CLAUDE.md', 'AGENTS.md', 'GEMINI.md', 'QWEN.md', WORKFLOW_FILE, GITLAB_JOB_FILE, GITLAB_CI_FILE, CLAUDE_LOCAL_SETTINGS, ...HUSKY_FILES.map((h) => `.husky/${h}`)];
  if (configFile) paths.push(configFile);
  if (managerConfig) paths.push(managerConfig);
  if (args.claudeSubagents) paths.push(...Object.entries(config?.agents ?? {}).map(([name, agent]) => subagentFile(name, agent.claudeAgent)));
  const files = Object.fromEntries(paths.map((p) => [p, readIfExists(join(root, p))]));
  const templates = readTemplates();
  let plan: ReturnType<typeof planInit>;
  try {
    plan = planInit({
      files,
      config,
      configFile,
      detectedBase: repo.branch ?? 'main',
      lockFiles: LOCK_FILES.filter((f) => existsSync(join(root, f))),
      templates,
      options: { agentsMd: args.agentsMd, ci: args.ci, claudeHooks: args.claudeHooks, claudeWorktrees: args.claudeWorktrees, claims: args.claims ?? null, claudeSubagents: args.claudeSubagents === true },
      guardCommands: args.claudeSubagents ? { pre: guardCommand(), post: postBashCommand() } : undefined,
      gitlabCiWithInclude: args.ci === 'gitlab' ? (await import('../init/manager-configs.js')).withGitlabInclude(GITLAB_CI_FILE, files[GITLAB_CI_FILE] ?? null, GITLAB_JOB_FILE) : null,
      hooks: { mode: hookPlan.mode, managerConfig: managerConfig ? { path: managerConfig, text: await withAgentGuardHooks(hookPlan.mode, managerConfig, files[managerConfig] ?? '', templates, root) } : null },
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

  const lines: string[] = [`  hooks      ${hookPlan.mode} mode: ${hookPlan.why}`, ...hookPlan.notes.map((n) => `  found      ${n}`)];
  const gitFilesBefore = snapshot(repo.commonDir, RECORDED_GIT_FILES);
  const huskyDirBefore = existsSync(join(root, '.husky', '_'));
  for (const change of plan.changes) {
    const verb = change.before === null ? 'create' : change.before === change.after ? 'unchanged' : 'update';
    lines.push(initSummaryLine(verb, change.path, args.dryRun));
    if (!args.dryRun && verb !== 'unchanged') writeChange(root, change);
  }
  lines.push(...plan.skipped.map((s) => `  skip       ${s}`));
  lines.push(...plan.notes.map((n) => `  note       ${n}`));
  if (args.dryRun) {
    if (hookPlan.mode === 'husky') lines.push('  would set  core.hooksPath=.husky/_ (husky) in .git/config');
    lines.push('  would set  agent-guard.entry and agent-guard.node in .git/config');
    if (hookPlan.mode === 'husky' || hookPlan.mode === 'git') {
      lines.push(`  would set  the hooks of every linked worktree: ${INCLUDE_KEY} -> ${INCLUDED_FILE} in .git/config`);
      lines.push('  would set  the main worktree\'s hooks: core.hooksPath -> .git/agent-guard/linked-hooks in .git/config.worktree (extensions.worktreeConfig)');
    }
    lines.push('Dry run: nothing was written.');
    return { exitCode: 0, output: lines.join('\n') + '\n' };
  }

  if (args.claudeWorktrees || args.claudeSubagents) await excludeForAllWorktrees(root, [`/${CLAUDE_LOCAL_SETTINGS}`]);
  const huskyMessage = hookPlan.mode === 'husky' ? await installHusky(root) : '';
  if (huskyMessage) lines.push(`  warning    husky did not install the hooks: ${huskyMessage.trim()}`);
  const local = await readLocalConfig(root);
  await recordInstallation(root, local);
  const setup = { mode: hookPlan.mode, chain: hookPlan.chain };
  const linked = await installLinkedWorktreeHooks(root, repo.commonDir, plan.config.branches, templates, local, setup);
  const routed = hookPlan.mode === 'husky' || hookPlan.mode === 'git';
  markSetupCopy(repo.commonDir, plan.config.setup?.copy ?? []);
  // simple-git-hooks bakes the commands into its hooks: they hold agent-guard's line once it runs again
  const installerRan = hookPlan.mode === 'simple-git-hooks' && (await runSimpleGitHooks(root, lines));
  lines.push(initSummaryLine(linked.changed ? 'update' : 'unchanged', `${linked.dir} (${routed ? 'the hooks of the main and every linked worktree' : `agent-guard's check, which ${managerConfig} runs`})`, false));
  // The same-directory mode (agents in this checkout, told apart by AGENT_GUARD_AGENT): each configured
  // client's before-tool hook here too, as spawn writes it in a worktree.
  const clientFiles = plan.config.clients.filter((c): c is Exclude<Client, 'claude'> => c !== 'claude').map((c) => CLIENT_HOOK_FILES[c]);
  const clientsBefore = snapshot(root, clientFiles);
  const wired: string[] = [];
  await wireClients(root, root, repo.gitDir, plan.config.clients, wired);
  lines.push(...wired.map((l) => `  clients    ${l.trim()}`));
  const clientsAfter = snapshot(root, clientFiles);
  const gitFilesAfter = snapshot(repo.commonDir, RECORDED_GIT_FILES);
  writeInstallRecord(
    repo.commonDir,
    mergedRecord(recorded, {
      version: 1,
      ...setup,
      files: Object.fromEntries([
        ...plan.changes.filter((c) => c.before !== c.after).map((c) => [c.path, { before: c.before, after: c.after }] as const),
        ...clientFiles.filter((f) => clientsBefore[f] !== clientsAfter[f]).map((f) => [f, { before: clientsBefore[f]!, after: clientsAfter[f]! }] as const),
      ]),
      gitFiles: Object.fromEntries(RECORDED_GIT_FILES.filter((f) => gitFilesBefore[f] !== gitFilesAfter[f]).map((f) => [f, { before: gitFilesBefore[f]!, after: gitFilesAfter[f]! }])),
      huskyDir: !huskyDirBefore && existsSync(join(root, '.husky', '_')),
    }),
  );
  const pnpm = hookPlan.mode === 'husky' && existsSync(join(root, 'pnpm-lock.yaml')) && !/"husky"/.test(files['package.json'] ?? '');
  lines.push('', ...initNextSteps({ createdConfig: config === null, hasPackageJson: hookPlan.mode === 'husky' && files['package.json'] !== null, agents: Object.keys(plan.config.agents), pnpm, husky: hookPlan.mode === 'husky', manager: isManaged(hookPlan.mode) ? { install: MANAGERS[hookPlan.mode].install, config: hookPlan.mode === 'simple-git-hooks' ? managerConfig! : MANAGERS[hookPlan.mode].config, installed: managerInstalled(survey, hookPlan.mode) || installerRan } : null }));
  return { exitCode: huskyMessage ? 2 : 0, output: lines.join('\n') + '\n' };
}

function snapshot(dir: string, paths: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(paths.map((p) => [p, readIfExists(join(dir, p))]));
}

/** Whether git runs the manager's own hooks for both pre-commit and pre-push already. */
function managerInstalled(survey: HookSurvey, mode: ManagedMode): boolean {
  const kind = MANAGERS[mode].kind;
  return ['pre-commit', 'pre-push'].every((name) => survey.gitHooks.some((h) => h.name === name && h.kind === kind));
}

/** The hook manager's config with agent-guard's hooks first (exit 2, nothing written, when it does not parse). */
async function withAgentGuardHooks(mode: HookMode, file: string, text: string, templates: Templates, root: string): Promise<string> {
  if (mode === 'simple-git-hooks') return (await import('../init/simple-git-hooks-config.js')).withSimpleGitHooks(file, text, templates);
  const { withLefthookCommands, withPreCommitHooks } = await import('../init/manager-configs.js');
  return mode === 'pre-commit' ? withPreCommitHooks(file, text, templates, await preCommitVersion(root)) : withLefthookCommands(file, text, templates);
}

async function preCommitVersion(root: string): Promise<string | null> {
  try {
    const { execFile } = await import('node:child_process');
    return await new Promise((resolve) => execFile('pre-commit', ['--version'], { cwd: root }, (err, out) => resolve(err ? null : String(out))));
  } catch {
    return null;
  }
}

