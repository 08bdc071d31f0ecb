import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../core/errors.js';
import { renderAgentCheck, renderHuskyBlock } from '../core/hook-scripts.js';
import { SHELL_MARKERS } from '../core/template.js';
import type { RepoInfo } from '../git/repo.js';
import { lastValue, readEffectiveConfig } from '../git/local-config.js';
import { git } from '../git/run.js';
import { readTemplates } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { includesLinkedHooks, linkedHooksDir } from '../init/linked-worktrees.js';
import { HOOKS } from '../init/plan.js';
import type { DoctorFacts, HookFacts } from './diagnose.js';
import type { HookChain } from '../core/hook-scripts.js';
import { hookKind, isManaged, MANAGERS, type ManagedMode } from '../init/hook-mode.js';
import { hookFilesIn, isExecutable, LEFTHOOK_CONFIGS, PRE_COMMIT_CONFIG, SIMPLE_GIT_HOOKS_CONFIGS } from '../init/hook-survey.js';
import { hookSetup } from '../init/install-record.js';

/** The PATH a macOS/Linux GUI git client usually starts hooks with. */
export const GUI_PATH = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

export async function gatherFacts(repo: RepoInfo): Promise<DoctorFacts> {
  const { root } = repo;
  let configProblem: string | null = null;
  let configFile: string | null = null;
  let branches: string[] | null = null;
  let claudeSandbox = false;
  try {
    const loaded = await loadConfig(root);
    configFile = loaded.file;
    branches = loaded.config.branches;
    claudeSandbox = loaded.config.claudeSandbox;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    configProblem = err.message.replace(/^agent-guard: /, '');
  }
  const config = await readEffectiveConfig(root);
  const hooksPath = lastValue(config, 'core.hookspath')?.trim() || null;
  const hooksDir = hooksPath === null ? null : isAbsolute(hooksPath) ? hooksPath : join(root, hooksPath);
  const templates = readTemplates();
  const commonDir = repo.commonDir;
  const shared = hooksDir !== null && realpathOrSelf(hooksDir) === linkedHooksDir(realpathOrSelf(commonDir));
  const agentCheck = branches === null ? null : renderAgentCheck(templates.agentCheck, branches);
  const hookFiles = Object.fromEntries(
    HOOKS.map((hook) => {
      const script = readIfExists(join(root, '.husky', hook));
      const dispatcher = hooksDir === null ? null : join(hooksDir, hook);
      const dispatcherText = dispatcher === null ? null : readIfExists(dispatcher);
      // A spawned worktree's own hook (in its git dir) calls agent-guard itself, whatever .husky holds.
      const runs: HookFacts['runs'] = shared ? 'shared' : dispatcherText?.includes('ag_entry=') ? 'own' : 'husky';
      const sharedCurrent = !shared || agentCheck === null || dispatcherText === null ? null : dispatcherText.includes(agentCheck);
      const current = branches === null || script === null ? null : script.includes(renderHuskyBlock(templates, hook, branches));
      return [hook, { dispatcher: dispatcher !== null && isExecutable(dispatcher), runs, sharedCurrent, script: script !== null, block: script?.includes(SHELL_MARKERS.start) ?? false, current }];
    }),
  );
  const recordedEntry = lastValue(config, 'agent-guard.entry')?.trim() ?? null;
  const entryCandidates = [join(root, 'node_modules/agent-guard/dist/cjs/hook-entry.js'), join(commonDir, '..', 'node_modules/agent-guard/dist/cjs/hook-entry.js'), recordedEntry];
  const entry = entryCandidates.find((p): p is string => Boolean(p) && existsSync(p!)) ?? null;
  const recordedNode = lastValue(config, 'agent-guard.node')?.trim() ?? null;
  const setup = hookSetup(commonDir);
  return {
    hookMode: setup.mode,
    ...hookFolderFacts(root, commonDir, hooksDir, hooksPath, shared || Object.values(hookFiles).some((h) => h.runs === 'own'), setup.chain),
    manager: isManaged(setup.mode) ? { ...managerFacts(root, commonDir, setup.mode)!, hooksPathAway: managerBypassed(commonDir, hooksDir, hooksPath, Object.values(hookFiles).some((h) => h.runs === 'own')) } : null,
    root,
    configProblem,
    configFile,
    branches,
    hooksPath,
    hooksDir,
    hookFiles,
    entry,
    nodeOnGuiPath: GUI_PATH.map((dir) => join(dir, 'node')).find(isExecutable) ?? null,
    recordedNode: recordedNode && isExecutable(recordedNode) ? recordedNode : null,
    missingWorktrees: await missingWorktrees(root),
    linkedHooks: includesLinkedHooks(config),
    sandboxMissing: process.platform === 'darwin' ? null : ['bwrap', 'socat'].filter((tool) => !onPath(tool)),
    claudeSandbox,
  };
}

async function missingWorktrees(root: string): Promise<string[]> {
  const out = await git(root, ['worktree', 'list', '--porcelain', '-z']);
  return out
    .split('\0\0')
    .map((entry) => entry.split('\0'))
    .filter((fields) => fields.some((f) => f.startsWith('prunable')))
    .map((fields) => fields[0]!.replace(/^worktree /, ''));
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && isExecutable(join(dir, command)));
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The hooks git does not run from here: executable ones in .git/hooks while core.hooksPath points
 * elsewhere, unless agent-guard's hook (which `ours` says git runs) runs them after its check; and
 * the hook-named files that are not executable where hooks run.
 */
export function hookFolderFacts(root: string, commonDir: string, hooksDir: string | null, hooksPath: string | null, ours: boolean, chain: HookChain): Pick<DoctorFacts, 'shadowed' | 'notExecutable'> {
  const gitHooks = join(commonDir, 'hooks');
  const resolve = (folder: string) => realpathOrSelf(isAbsolute(folder) ? folder : join(root, folder));
  const chained = ours ? chain.folders.map(resolve) : [];
  const running = hooksDir === null ? [resolve(gitHooks)] : [resolve(hooksDir), ...chained];
  const shadowed: NonNullable<DoctorFacts['shadowed']> = running.includes(resolve(gitHooks))
    ? []
    : hookFilesIn(gitHooks)
        .filter((name) => isExecutable(join(gitHooks, name)))
        .map((name) => ({ file: `.git/hooks/${name}`, kind: hookKind(readIfExists(join(gitHooks, name)) ?? ''), hooksPath: hooksPath ?? '' }))
        .filter((h) => h.kind !== 'agent-guard');
  // an installer that writes into the folder the repository's own config names (simple-git-hooks,
  // run again by an install) puts the team's hooks where git no longer looks once agent-guard routes them
  const huskyDir = join(root, '.husky', '_');
  if (!running.includes(resolve(huskyDir))) {
    for (const name of hookFilesIn(huskyDir)) {
      const text = readIfExists(join(huskyDir, name)) ?? '';
      const kind = hookKind(text);
      if (isExecutable(join(huskyDir, name)) && kind !== 'agent-guard' && !isHuskyShim(text)) shadowed.push({ file: `.husky/_/${name}`, kind, hooksPath: hooksPath ?? '' });
    }
  }
  const notExecutable = [...new Set(running)].flatMap((folder) => hookFilesIn(folder).filter((name) => !isExecutable(join(folder, name))).map((name) => shown(root, commonDir, join(folder, name))));
  return { shadowed, notExecutable };
}

/** husky 9's own hook file, which only hands over to .husky/HOOK (run by agent-guard's hooks anyway). */
export function isHuskyShim(text: string): boolean {
  return /^\.\s+"\$\(dirname "\$0"\)\/h"\s*$/m.test(text) || /\bhusky\b/.test(text);
}

function shown(root: string, commonDir: string, path: string): string {
  const common = realpathOrSelf(commonDir);
  if (path.startsWith(common + '/')) return `.git/${path.slice(common.length + 1)}`;
  return path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
}

/** In a manager's mode: the core.hooksPath that makes git run another folder than .git/hooks (a spawned worktree's own hooks aside). */
function managerBypassed(commonDir: string, hooksDir: string | null, hooksPath: string | null, own: boolean): string | null {
  if (hooksDir === null || own) return null;
  return realpathOrSelf(hooksDir) === realpathOrSelf(join(commonDir, 'hooks')) ? null : hooksPath;
}

function managerFacts(root: string, commonDir: string, mode: ManagedMode): DoctorFacts['manager'] {
  const config =
    mode === 'pre-commit' ? PRE_COMMIT_CONFIG
    : mode === 'lefthook' ? (LEFTHOOK_CONFIGS.find((f) => existsSync(join(root, f))) ?? 'lefthook.yml')
    : ([...SIMPLE_GIT_HOOKS_CONFIGS, 'package.json'].find((f) => (readIfExists(join(root, f)) ?? '').includes('agent-guard/linked-hooks')) ?? 'package.json');
  const { kind } = MANAGERS[mode];
  // post-checkout matters where a new worktree gets files copied in (.worktreeinclude, setup.copy)
  const copies = existsSync(join(root, '.worktreeinclude')) || existsSync(join(commonDir, 'agent-guard', 'setup-copy'));
  const installed = Object.fromEntries([...HOOKS, ...(copies ? ['post-checkout'] : [])].map((hook) => {
    const file = join(commonDir, 'hooks', hook);
    const text = readIfExists(file) ?? '';
    // simple-git-hooks writes the command itself into the hook: an install from a config without agent-guard's line drops it
    return [hook, isExecutable(file) && hookKind(text) === kind && (mode !== 'simple-git-hooks' || text.includes('agent-guard/linked-hooks'))];
  }));
  return { installed, configured: (readIfExists(join(root, config)) ?? '').includes('agent-guard/linked-hooks'), config };
}
