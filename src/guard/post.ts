import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reason } from '../core/policy.js';
import { shellQuoteIfNeeded } from '../core/shell-quote.js';
import { appendEvent } from '../events/log.js';
import { repoInfo, type RepoInfo } from '../git/repo.js';
import { git } from '../git/run.js';
import { STATUS_ARGS } from '../git/worktrees.js';
import { writeFileAtomic } from '../io/atomic.js';
import { postBashReport } from '../render/messages.js';
import { agentPolicy } from './agent-policy.js';

export interface Stray {
  path: string;
  reason: Reason;
  /** untracked: a new file git does not know; added: new in the index; tracked: in HEAD. */
  state: 'untracked' | 'added' | 'tracked';
}

/**
 * PostToolUse for Bash: whatever the command-line reading missed, the worktree shows. One
 * `git status`; every out-of-scope or protected change not reported before is told to the model
 * at once (`decision: "block"` with the paths and the command that undoes them) and logged.
 * A report, not a gate — the command already ran — so anything odd passes quietly. `gitStatus`: the
 * status the hook's pipeline ran beside node in the hook's own folder, used when that is this worktree.
 */
export async function postBash(cwd: string, command: string | null, env: Record<string, string | undefined>, gitStatus?: () => string | null): Promise<string | null> {
  let repo: RepoInfo;
  try {
    repo = await repoInfo(cwd);
  } catch {
    return null;
  }
  const piped = gitStatus && (await repoInfo(process.cwd()).catch(() => null))?.root === repo.root ? gitStatus() : null;
  const status = piped !== null ? Promise.resolve(piped) : git(repo.root, STATUS_ARGS);
  status.catch(() => undefined);
  const at = await agentPolicy(repo, env);
  if (at === null) return null;
  const { agent, config, policy } = at;
  const strays = straysIn(await status, (path, isNew) => policy.reasonAgainst(path, isNew));
  const reportedPath = join(repo.gitDir, 'agent-guard', 'reported.json');
  const before = new Set(readReported(reportedPath));
  const fresh = strays.filter((s) => !before.has(s.path));
  const now = strays.map((s) => s.path);
  if (now.length !== before.size || fresh.length) {
    try {
      writeFileAtomic(reportedPath, JSON.stringify(now));
    } catch {
      // costs only a repeated report
    }
  }
  if (fresh.length === 0) return null;
  appendEvent(repo.gitDir, { source: 'guard', kind: fresh[0]!.reason, paths: fresh.map((s) => s.path).slice(0, 50), ...(command !== null && { command }) });
  return postBashReport(agent, fresh, undoCommand(fresh), config.agents[agent]!.scope);
}

/** The changes in `git status --porcelain -z` output that the policy refuses. Pure. */
export function straysIn(statusZ: string, reasonAgainst: (path: string, isNew: boolean) => Reason | null): Stray[] {
  const strays: Stray[] = [];
  for (const entry of statusZ.split('\0')) {
    if (entry.length <= 3) continue;
    const path = entry.slice(3);
    const state = entry.startsWith('??') ? 'untracked' : entry[0] === 'A' ? 'added' : 'tracked';
    const reason = reasonAgainst(path, state !== 'tracked');
    if (reason) strays.push({ path, reason, state });
  }
  return strays;
}

/**
 * One command that puts the worktree back — tracked files from HEAD, new files unstaged and removed —
 * made of commands the PreToolUse guard lets through (none writes anything but HEAD's version). Pure.
 */
export function undoCommand(strays: Stray[]): string {
  const quote = (list: Stray[]) => list.map((s) => shellQuoteIfNeeded(s.path)).join(' ');
  const of = (...states: Stray['state'][]) => strays.filter((s) => states.includes(s.state));
  return [
    of('tracked').length ? `git restore --source=HEAD --staged --worktree -- ${quote(of('tracked'))}` : null,
    of('added').length ? `git reset -q -- ${quote(of('added'))}` : null,
    of('added', 'untracked').length ? `git clean -f -q -- ${quote(of('added', 'untracked'))}` : null,
  ]
    .filter(Boolean)
    .join(' && ');
}

function readReported(path: string): string[] {
  try {
    const list = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}
