import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Client } from '../core/clients.js';
import { readManifest } from '../config/manifest-store.js';
import { clientFindings, gatherWirings } from '../doctor/clients.js';
import { gatherVersions } from '../clients/versions.js';
import { diagnose } from '../doctor/diagnose.js';
import { gatherFacts, isHuskyShim } from '../doctor/facts.js';
import { fixHomeFiles, homeFileFindings } from '../doctor/home-files.js';
import { fixMergeLeftovers, mergeLeftoverFindings } from '../doctor/merge-leftovers.js';
import { repoInfo } from '../git/repo.js';
import { readTemplates } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { hookKind, isManaged, MANAGERS, type ManagedMode } from '../init/hook-mode.js';
import { git, gitOrNull } from '../git/run.js';
import { runSimpleGitHooks } from '../init/simple-git-hooks-install.js';
import { hookFilesIn, isExecutable } from '../init/hook-survey.js';
import { hookSetup, readInstallRecord, writeInstallRecord } from '../init/install-record.js';
import { installLinkedWorktreeHooks } from '../init/linked-worktrees.js';
import { installWorktreeHooks } from '../init/worktree-hooks.js';

export async function doctor(cwd: string, fix = false): Promise<{ exitCode: number; output: string }> {
  const repo = await repoInfo(cwd);
  const lines: string[] = [];
  const base = await configuredBase(repo.root);
  if (fix) lines.push(...(await fixMergeLeftovers(repo.root, repo.commonDir, base)), ...(await fixHooks(repo.root, repo.commonDir)), ...(await fixHomeFiles(repo.commonDir, await configuredClients(repo.root))));
  const findings = [
    ...diagnose(await gatherFacts(repo)),
    ...(await clientChecks(repo.root, repo.commonDir)),
    ...homeFileFindings(repo.commonDir, await configuredClients(repo.root)),
    ...(await mergeLeftoverFindings(repo.root, repo.commonDir, base)),
  ];
  lines.push(...findings.map((f) => (f.ok ? `  ok    ${f.what}` : `  FAIL  ${f.what}\n        fix: ${f.fix}`)));
  const failed = findings.filter((f) => !f.ok).length;
  lines.push('', failed ? `agent-guard doctor: ${failed} problem${failed === 1 ? '' : 's'} found.` : 'agent-guard doctor: everything is in place.');
  return { exitCode: failed ? 1 : 0, output: lines.join('\n') + '\n' };
}

/** The configured agent clients: each spawned worktree's wiring and trust, each installed client's version. */
async function clientChecks(root: string, commonDir: string) {
  let clients: Client[];
  try {
    clients = (await loadConfig(root)).config.clients;
  } catch {
    return []; // the config's own finding says why
  }
  const wirings = await gatherWirings(commonDir, clients);
  return clientFindings(wirings, await gatherVersions([...new Set([...clients, ...wirings.map((w) => w.client)])]));
}

async function configuredBase(root: string): Promise<string | null> {
  try {
    return (await loadConfig(root)).config.base;
  } catch {
    return null;
  }
}

async function configuredClients(root: string) {
  try {
    return (await loadConfig(root)).config.clients;
  } catch {
    return [];
  }
}

/**
 * What --fix repairs without touching any tracked file: the dispatcher the main and every linked
 * worktree run, and the chain after agent-guard's check: executable hooks in .git/hooks that git does
 * not run (core.hooksPath points away from them) run again after it, in every worktree; none is deleted.
 */
async function fixHooks(root: string, commonDir: string): Promise<string[]> {
  const { config } = await loadConfig(root);
  const setup = hookSetup(commonDir);
  const lines: string[] = [];
  const gitHooks = join(commonDir, 'hooks');
  const managed = isManaged(setup.mode);
  // hooks an installer wrote where git does not look (.git/hooks, or husky's .husky/_ that simple-git-hooks
  // writes into when run again): agent-guard's hooks run them after their check; none is deleted
  const huskyDir = join(root, '.husky', '_');
  const places = [
    { folder: gitHooks, shown: '.git/hooks', waiting: hookFilesIn(gitHooks).filter((name) => isExecutable(join(gitHooks, name)) && hookKind(readIfExists(join(gitHooks, name)) ?? '') !== 'agent-guard') },
    { folder: huskyDir, shown: '.husky/_', waiting: hookFilesIn(huskyDir).filter((name) => isExecutable(join(huskyDir, name)) && !isHuskyShim(readIfExists(join(huskyDir, name)) ?? '') && hookKind(readIfExists(join(huskyDir, name)) ?? '') !== 'agent-guard') },
  ];
  let chained = false;
  for (const { folder, shown, waiting } of places) {
    if (managed || waiting.length === 0 || setup.chain.folders.includes(folder)) continue;
    setup.chain = { ...setup.chain, folders: [...setup.chain.folders, folder] };
    const record = readInstallRecord(commonDir) ?? { version: 1 as const, mode: setup.mode, chain: setup.chain, files: {}, gitFiles: {}, huskyDir: false, partial: true };
    writeInstallRecord(commonDir, { ...record, chain: setup.chain });
    lines.push(`  fixed ${waiting.map((w) => `${shown}/${w}`).join(', ')}: agent-guard's hooks run ${waiting.length === 1 ? 'it' : 'them'} after their check`);
    chained = true;
  }
  if (chained) for (const agent of spawnedWorktrees(commonDir)) await installWorktreeHooks(agent.worktree, agent.gitDir, agent.name);
  // an installer that set core.hooksPath after init (husky's prepare) turned the manager's hooks in .git/hooks off
  if (managed) {
    const away = (await gitOrNull(root, ['config', '--local', '--get', 'core.hooksPath']))?.trim();
    if (away && resolve(root, away) !== resolve(gitHooks)) {
      await git(root, ['config', '--local', '--unset-all', 'core.hooksPath']);
      lines.push(`  fixed core.hooksPath (${away}) unset in .git/config: git runs .git/hooks again, where ${MANAGERS[setup.mode as ManagedMode].name}'s hooks run agent-guard's check`);
    }
  }
  // simple-git-hooks' hooks hold the commands of its last run: one from before init lacks agent-guard's line
  if (setup.mode === 'simple-git-hooks' && ['pre-commit', 'pre-push'].some((h) => !(readIfExists(join(gitHooks, h)) ?? '').includes('agent-guard/linked-hooks'))) {
    const ran: string[] = [];
    if (await runSimpleGitHooks(root, ran)) lines.push("  fixed .git/hooks/pre-commit, .git/hooks/pre-push: simple-git-hooks ran again, with agent-guard's line first");
    else lines.push(...ran, '  note  run `npx simple-git-hooks` (it is not installed in node_modules here)');
  }
  const { dir, changed } = await installLinkedWorktreeHooks(root, commonDir, config.branches, readTemplates(), undefined, setup);
  lines.push(changed ? `  fixed ${dir}: the hooks of the main and every linked worktree` : `  ok    nothing to fix for the main and linked worktrees' hooks`);
  return lines;
}

/** The worktrees `spawn` made (a manifest in their git dir) that are still there. */
function spawnedWorktrees(commonDir: string): { name: string; gitDir: string; worktree: string }[] {
  let names: string[];
  try {
    names = readdirSync(join(commonDir, 'worktrees'));
  } catch {
    return [];
  }
  return names.flatMap((entry) => {
    const gitDir = join(commonDir, 'worktrees', entry);
    const manifest = readManifest(gitDir);
    const pointer = readIfExists(join(gitDir, 'gitdir'))?.trim();
    if (!manifest || !pointer || !existsSync(pointer)) return [];
    return [{ name: manifest.agent, gitDir, worktree: dirname(pointer) }];
  });
}

