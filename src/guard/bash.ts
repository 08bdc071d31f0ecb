import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { agentFromBranch, branchFor } from '../core/branches.js';
import type { RefusalEvent } from '../core/events.js';
import { appendEvent } from '../events/log.js';
import { repoInfo, type RepoInfo } from '../git/repo.js';
import { gitOrNull } from '../git/run.js';
import { guardBranchDenied, guardBypassDenied, guardOtherCheckout, guardShellWriteDenied } from '../render/messages.js';
import { agentPolicy, firstOwner } from './agent-policy.js';
import { aliasDefinitions } from './aliases.js';
import { bypassReasonOf } from './bypass.js';
import { branchesNamed } from './git-refs.js';
import { realPath, repoRelative } from './paths.js';
import { commandDirs, CHECKOUT_CHANGING } from './dirs.js';
import { commandsOf } from './unwrap.js';
import { gitSubcommand } from './words.js';
import { patchFiles, unifiedDiffPaths, writeTargets, type WriteTarget } from './writes.js';

export type Decision = { allow: true } | { allow: false; reason: string };

/**
 * PreToolUse for Bash: the guard's bypass rules, then — only when the command writes files or names
 * branches, so ordinary commands load no config — the same scope rule as an Edit, applied to every
 * file the command would write, and a refusal to move the base branch or another agent's branch.
 */
export async function judgeBash(command: string, cwd: string, env: Record<string, string | undefined>): Promise<Decision> {
  const parsed = commandsOf(command);
  const bypass = bypassReasonOf(parsed);
  if (bypass) {
    await log(cwd, { source: 'guard', kind: 'bypass', paths: [], command });
    return { allow: false, reason: guardBypassDenied(bypass) };
  }
  // an alias defined here is judged as the commands it runs (`git ci` is whatever alias.ci says)
  const commands = [...parsed, ...aliasDefinitions(parsed).flatMap((alias) => alias.runs ?? [])];
  const dirs = commandDirs(commands, cwd, env.HOME);
  const isDirectoryIn = (dir: string) => (path: string) => {
    try {
      return statSync(resolve(dir, path)).isDirectory();
    } catch {
      return false;
    }
  };
  const writes = commands.flatMap((c, i) => writeTargets(c, isDirectoryIn(dirs[i]!)).map((target) => ({ ...target, dir: dirs[i]! })));
  const patches = commands.flatMap((c, i) => patchFiles(c).map((file) => ({ file, dir: dirs[i]! })));
  const branches = commands.flatMap(branchesNamed);
  // git that changes a checkout, run elsewhere (`cd ../main && git commit`, `git -C ../main add`)
  const gitElsewhere = commands.flatMap((c, i) => {
    const sub = dirs[i] === cwd ? undefined : gitSubcommand(c.words)?.sub;
    return sub !== undefined && CHECKOUT_CHANGING.has(sub) ? [{ dir: dirs[i]!, how: `git ${sub}` }] : [];
  });
  if (writes.length === 0 && patches.length === 0 && branches.length === 0 && gitElsewhere.length === 0) return { allow: true };

  let repo: RepoInfo;
  try {
    repo = await repoInfo(cwd);
  } catch {
    return { allow: true }; // not in a git work tree: nothing of agent-guard's to guard
  }
  const at = await agentPolicy(repo, env);
  if (at === null) return { allow: true };
  const { agent, config, policy } = at;

  for (const { branch, how, unreadable } of branches) {
    const owner = agentFromBranch(config.branches, branch);
    const whose = unreadable ? 'perhaps the base or another agent\'s' : branch === config.base ? 'the base' : owner !== null && owner !== agent && owner in config.agents ? `agent "${owner}"'s` : null;
    if (whose) {
      await log(cwd, { source: 'guard', kind: 'branch', paths: [], command });
      return { allow: false, reason: guardBranchDenied(branch, how, whose, repo.branch !== null && agentFromBranch(config.branches, repo.branch) === agent ? repo.branch : branchFor(config.branches, agent)) };
    }
  }

  const root = realPath(repo.root);
  for (const { dir, how } of gitElsewhere) {
    const absolute = realPath(dir);
    if (repoRelative(root, absolute) !== null || absolute === root || !insideOtherCheckout(repo, absolute)) continue;
    appendEvent(repo.gitDir, { source: 'guard', kind: 'outside-worktree', paths: [absolute], command });
    return { allow: false, reason: guardOtherCheckout(agent, absolute, how) };
  }
  const patched: (WriteTarget & { dir: string })[] = patches.flatMap(({ file, dir }) => {
    try {
      return unifiedDiffPaths(readFileSync(resolve(dir, file), 'utf8')).map((path) => ({ path: join(root, path), how: 'git apply', dir }));
    } catch {
      return [];
    }
  });
  for (const target of [...writes, ...patched]) {
    const path = readablePath(target.path);
    if (path === null) continue; // `$VAR`: unknown until run; the PostToolUse check sees the result
    const absolute = realPath(resolve(target.dir, path));
    const rel = repoRelative(root, absolute);
    if (rel === null) {
      if (!insideOtherCheckout(repo, absolute)) continue; // /tmp, the home folder: not the repository's
      appendEvent(repo.gitDir, { source: 'guard', kind: 'outside-worktree', paths: [absolute], command });
      return { allow: false, reason: guardOtherCheckout(agent, absolute, target.how) };
    }
    const isNew = !existsSync(absolute);
    const reason = policy.reasonAgainst(rel, isNew);
    if (!reason) continue;
    // A file git ignores (build output, caches) never reaches a commit; only then is a process spent on it.
    const asIgnored = target.how === 'mkdir' ? `${rel}/` : rel; // `build/` in .gitignore matches only folders
    if (reason === 'out-of-scope' && (await gitOrNull(repo.root, ['check-ignore', '-q', '--', asIgnored])) !== null) continue;
    appendEvent(repo.gitDir, { source: 'guard', kind: reason, paths: [rel], command });
    return { allow: false, reason: guardShellWriteDenied(agent, rel, target.how, reason, config.agents[agent]!.scope, at.owners(rel), firstOwner(at, rel, isNew)) };
  }
  return { allow: true };
}

/**
 * The part of a target word the guard can judge: the word itself, or for a glob (`web/*.ts`) its
 * literal folder; null when the shell expands it into something unknown (`$OUT`, `~user`).
 */
function readablePath(word: string): string | null {
  if (/[$`]/.test(word) || word.startsWith('~')) return null;
  const magic = word.search(/[*?[]/);
  if (magic < 0) return word;
  const folder = word.slice(0, magic).replace(/[^/]*$/, '');
  return folder === '' ? '.' : folder;
}

/** Inside the main worktree, another linked worktree, or the common git dir of this repository. */
function insideOtherCheckout(repo: RepoInfo, absolute: string): boolean {
  const common = realPath(repo.commonDir);
  const places = [common, dirname(common)];
  try {
    for (const name of readdirSync(join(common, 'worktrees'))) {
      const pointer = join(common, 'worktrees', name, 'gitdir');
      if (existsSync(pointer)) places.push(dirname(realPath(readFileSync(pointer, 'utf8').trim())));
    }
  } catch {
    // no linked worktrees
  }
  return places.some((place) => repoRelative(place, absolute) !== null || absolute === place);
}

async function log(cwd: string, event: Omit<RefusalEvent, 'at'>): Promise<void> {
  try {
    appendEvent((await repoInfo(cwd)).gitDir, event);
  } catch {
    // not in a worktree: nowhere to log
  }
}
