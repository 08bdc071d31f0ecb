import { existsSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseConfigFile } from '../git/config-file.js';
import { repoInfo } from '../git/repo.js';
import { git } from '../git/run.js';
import { removeTrust } from '../home/trust.js';
import { readTrustRecord } from '../home/trust-record.js';
import { readIfExists } from '../io/files.js';
import { readInstallRecord, type FileRecord } from '../init/install-record.js';
import { HUSKY_FILES } from '../init/plan.js';
import { isAgentGuardHooks, LEFTHOOK_CONFIGS, PRE_COMMIT_CONFIG } from '../init/hook-survey.js';
import { planFileRestore, type FileAction } from '../init/uninstall-plan.js';

/** The settings init makes in the common git dir's config files. */
const OUR_KEYS = ['core.hookspath', 'agent-guard.entry', 'agent-guard.node', 'includeif.gitdir:./worktrees/.path', 'extensions.worktreeconfig', 'core.repositoryformatversion'];

/** `agent-guard uninstall`: puts back what `init` changed, as its record in the git dir says. */
export async function uninstall(cwd: string, dryRun: boolean): Promise<{ exitCode: number; output: string }> {
  const repo = await repoInfo(cwd);
  const { commonDir } = repo;
  if (basename(commonDir) !== '.git') throw new UsageError('agent-guard uninstall: this repository has no main worktree at the top of its git dir (a bare or separate git dir); remove agent-guard\'s files by hand.');
  const root = dirname(commonDir);
  const found = readInstallRecord(commonDir);
  const record = found?.partial ? null : found;
  const lines: string[] = [];
  const files = record?.files ?? withoutRecord(root);
  const current = Object.fromEntries(Object.keys(files).map((p) => [p, readIfExists(join(root, p))]));
  const actions = planFileRestore(files, current);
  if (!record) lines.push('  note       no record of what init changed (an older agent-guard ran it): taking out agent-guard\'s blocks, hook entries and settings');
  for (const action of actions) lines.push(line(action, dryRun));
  const gitActions = record ? record.gitFiles : {};
  const liveAgents = countLiveAgents(commonDir);
  if (dryRun) {
    const home = Object.entries(readTrustRecord(commonDir)).map(([file, r]) => `  would restore ${file} (${r.entries.length} entr${r.entries.length === 1 ? 'y' : 'ies'} agent-guard added)`);
    lines.push(...Object.keys(gitActions).map((p) => `  would restore .git/${p}`), ...home, '  would remove .git/agent-guard/', 'Dry run: nothing was changed.');
    return { exitCode: 0, output: lines.join('\n') + '\n' };
  }
  for (const action of actions) apply(root, action);
  for (const [path, rec] of Object.entries(gitActions)) lines.push(await restoreGitFile(commonDir, path, rec));
  if (!record) for (const path of ['config', 'config.worktree']) if (existsSync(join(commonDir, path))) lines.push(await restoreGitFile(commonDir, path, null));
  if (record?.huskyDir && existsSync(join(root, '.husky', '_'))) {
    rmSync(join(root, '.husky', '_'), { recursive: true, force: true });
    lines.push('  remove     .husky/_ (husky\'s hooks, installed by init)');
  }
  removeIfEmpty(join(root, '.husky'));
  // every entry agent-guard added in the user's home for this repository, its agents' worktrees included
  lines.push(...(await removeTrust(commonDir, () => true)).map((l) => `  ${l}`));
  rmSync(join(commonDir, 'agent-guard'), { recursive: true, force: true });
  lines.push('  remove     .git/agent-guard/ (the hooks of the main and linked worktrees, the record of what init changed)');
  lines.push('', 'agent-guard is uninstalled from this repository; the hooks that ran before it run as before.');
  if (liveAgents > 0) {
    lines.push(`${liveAgents} spawned agent${liveAgents === 1 ? ' still has its' : 's still have their'} worktree (untouched, with the hooks in its git dir): \`agent-guard remove NAME\` removes each, its branch backed up.`);
  }
  return { exitCode: 0, output: lines.join('\n') + '\n' };
}

function line(action: FileAction, dryRun: boolean): string {
  const verb = action.do === 'write' ? 'restore' : action.do === 'delete' ? 'remove' : 'keep';
  return `  ${(dryRun && action.do !== 'keep' ? `would ${verb}` : verb).padEnd(10)} ${action.path} (${action.why})`;
}

function apply(root: string, action: FileAction): void {
  const path = join(root, action.path);
  if (action.do === 'write') writeFileSync(path, action.content);
  else if (action.do === 'delete') {
    rmSync(path, { force: true });
    removeIfEmpty(dirname(path));
  }
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // absent, or not ours to judge
  }
}

/**
 * A git dir file as before init when it is as init left it; else only agent-guard's settings in it go
 * back (a remote or branch added since stays). `rec` null: no record, agent-guard's own keys go.
 */
async function restoreGitFile(commonDir: string, path: string, rec: FileRecord | null): Promise<string> {
  const file = join(commonDir, path);
  const now = readIfExists(file);
  if (rec && now === rec.after) {
    if (rec.before === null) rmSync(file, { force: true });
    else writeFileSync(file, rec.before);
    return `  restore    .git/${path} (as before init)`;
  }
  if (now === null || path === join('info', 'exclude')) return `  keep       .git/${path} (changed since init; left as it is)`;
  const before = parseConfigFile(rec?.before ?? '') ?? new Map<string, string[]>();
  const after = parseConfigFile(now) ?? new Map<string, string[]>();
  // Without a record, core.hooksPath and the extensions may be the user's: only agent-guard's own go.
  const ours = (key: string) => key.startsWith('agent-guard.') || key.startsWith('includeif.') || (key === 'core.hookspath' && (after.get(key) ?? []).every(isAgentGuardHooks));
  const keys = rec ? OUR_KEYS : OUR_KEYS.filter(ours);
  for (const key of keys) {
    const was = before.get(key) ?? [];
    const is = after.get(key) ?? [];
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    if (is.length > 0) await git(commonDir, ['config', '--file', file, '--unset-all', key]);
    for (const value of was) await git(commonDir, ['config', '--file', file, '--add', key, value]);
  }
  return `  restore    .git/${path} (agent-guard's settings as before init; the rest changed since and stays)`;
}

/** Without a record: every file init may have written, each taken as changed since (its part comes out). */
function withoutRecord(root: string): Record<string, FileRecord> {
  const paths = ['CLAUDE.md', 'AGENTS.md', 'GEMINI.md', 'QWEN.md', PRE_COMMIT_CONFIG, ...LEFTHOOK_CONFIGS, ...HUSKY_FILES.map((h) => `.husky/${h}`)];
  return Object.fromEntries(paths.filter((p) => existsSync(join(root, p))).map((p) => [p, { before: '', after: null }]));
}

function countLiveAgents(commonDir: string): number {
  try {
    return readdirSync(join(commonDir, 'worktrees')).filter((w) => existsSync(join(commonDir, 'worktrees', w, 'agent-guard', 'manifest.json'))).length;
  } catch {
    return 0;
  }
}
