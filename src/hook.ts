import { readFileSync } from 'node:fs';
import { UsageError } from './core/errors.js';
import { liveEarlierAgents } from './config/manifest-store.js';
import { openPolicy, preparePolicy } from './config/open-policy.js';
import { applyManifest } from './core/manifest.js';
import type { Change } from './core/policy.js';
import { appendEvent } from './events/log.js';
import { stagedChanges } from './git/changes.js';
import { repoInfo } from './git/repo.js';
import { judge } from './core/judge.js';
import type { CheckMode } from './core/policy.js';
import { branchFor, foreignBranch } from './core/branches.js';
import type { PushUpdate } from './git/parse.js';

/** `agent-guard hook pre-commit|pre-push`: checks what is being committed or pushed; exit 1 refuses it. */
export async function runHook(hook: string | undefined, args: string[], stagedDiff?: Promise<string>): Promise<number> {
  if (hook !== 'pre-commit' && hook !== 'pre-push') {
    throw new UsageError(`agent-guard hook: unknown hook "${hook ?? ''}"; use pre-commit or pre-push.`);
  }
  const repo = await repoInfo(process.cwd());
  const opened = openPolicy(repo);
  const { manifest, cache, loading } = opened;
  let mode: CheckMode = 'staged';
  let changes: Change[];
  let pushUpdates: PushUpdate[] = [];
  if (hook === 'pre-commit') {
    changes = await stagedChanges(repo.root, stagedDiff); // runs alongside the config read
  } else {
    mode = 'commits';
    const remote = args[0] ?? 'origin';
    const base = manifest?.base ?? (await loading).config.base;
    const [{ pushedChanges }, { parsePushLines }] = await Promise.all([import('./git/push.js'), import('./git/parse.js')]);
    pushUpdates = parsePushLines(readFileSync(0, 'utf8'));
    changes = await pushedChanges(repo.root, pushUpdates, remote, base);
  }
  const loaded = await loading;
  const config = applyManifest(loaded.config, manifest);
  if (manifest) {
    // An agent's worktree keeps its identity on any branch: a commit on base (or another agent's
    // branch) would land there without the merge queue, however in scope its files are.
    const targets = hook === 'pre-commit' ? [repo.branch] : pushUpdates.map((u) => u.remoteRef);
    const wrong = targets.map((b) => foreignBranch(config.branches, manifest.base, manifest.agent, b)).find((w) => w !== null);
    if (wrong) {
      appendEvent(repo.gitDir, { source: hook, kind: 'foreign-branch', paths: [] });
      const { foreignBranchRefusal } = await import('./render/messages.js'); // loaded only for a refusal, like the text renderer
      process.stderr.write(foreignBranchRefusal(hook, manifest.agent, wrong, branchFor(config.branches, manifest.agent), repo.branch, args[0] ?? 'origin'));
      return 1;
    }
  }
  const earlier = liveEarlierAgents(manifest);
  await preparePolicy(opened, loaded, earlier);
  const report = judge({ repo, manifest, loaded, changes, mode, env: process.env, color: false, toRegex: cache.toRegex, earlier });
  cache.save();
  if (report.verdict.ok) return 0;
  const violations = report.verdict.violations;
  appendEvent(repo.gitDir, { source: hook, kind: violations[0]!.reason, paths: [...new Set(violations.map((v) => v.path))].slice(0, 50) });
  const { renderText } = await import('./render/text.js');
  const what = hook === 'pre-commit' ? 'This commit was not made' : 'This push was refused; the remote is unchanged';
  // Asked only now: process.stderr loads node's stream machinery, which a passing commit never needs.
  const color = Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env);
  process.stderr.write(`${renderText({ ...report, color })}\n${what} (agent-guard ${hook} hook).\n`);
  return 1;
}
