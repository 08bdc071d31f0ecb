import { loadConfig } from '../config/load.js';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { mainWorktree } from '../git/worktrees.js';
import { claimsContext, listClaims, pruneClaims, releaseClaim } from '../claims/service.js';

type Result = { exitCode: number; output: string };

/** `claims [--json]`, `claims prune`, `claims release NAME [--force]`. */
export async function claims(cwd: string, action: string | undefined, name: string | undefined, json: boolean, force: boolean): Promise<Result> {
  const repo = await repoInfo(cwd);
  const mainRoot = await mainWorktree(repo.root);
  const { config, file } = await loadConfig(mainRoot);
  const ctx = await claimsContext(mainRoot, repo.gitDir, config);
  if (!ctx) throw new UsageError(`agent-guard claims: claims are off; add "claims": { "remote": "origin" } to ${file} (or run agent-guard init --claims).`);
  if (action === 'prune') {
    const removed = await pruneClaims(ctx);
    return { exitCode: 0, output: (removed.length ? `Removed stale claims: ${removed.join(', ')}.` : 'No stale claims.') + '\n' };
  }
  if (action === 'release') {
    if (!name) throw new UsageError('agent-guard claims release: name the agent, e.g. agent-guard claims release orders.');
    return { exitCode: 0, output: (await releaseClaim(ctx, name, force)).join('\n') + '\n' };
  }
  if (action !== undefined) throw new UsageError(`agent-guard claims: unknown action "${action}"; use prune or release NAME.`);
  const list = await listClaims(ctx);
  if (json) {
    const claimsJson = list.map(({ agent, scope, branch, host, user, createdAt, stale }) => ({ agent, scope, branch, host, user, createdAt, stale }));
    return { exitCode: 0, output: JSON.stringify({ claims: claimsJson }) + '\n' };
  }
  if (list.length === 0) return { exitCode: 0, output: `No claims on "${ctx.remote}".\n` };
  const lines = list.map((c) => `${c.agent.padEnd(16)} ${c.scope.join(', ')}  ${c.user} on ${c.host}, ${c.branch}, since ${c.createdAt}${c.stale ? '  STALE (agent-guard claims prune removes it)' : ''}`);
  return { exitCode: 0, output: lines.join('\n') + '\n' };
}
