import { loadConfigAtRef } from '../config/load.js';
import { CONFIG_FILES } from '../core/config.js';
import { micromatchRegex } from '../io/glob-regex.js';
import { readManifest } from '../config/manifest-store.js';
import { filesAtRef, rangeChanges } from '../git/changes.js';
import { repoInfo } from '../git/repo.js';
import { git } from '../git/run.js';
import { judge } from '../core/judge.js';
import type { ReportContext } from '../render/report.js';

/**
 * The full check of an agent's branch before it is merged: every commit since it left base, with
 * the config committed on base and the scope from the agent's manifest (what its hooks enforced).
 */
export async function checkAgentBranch(mainRoot: string, base: string, name: string, tip: string, worktree: string | null): Promise<ReportContext> {
  const loaded = await loadConfigAtRef(base, (await filesAtRef(mainRoot, base, CONFIG_FILES)).files);
  const manifest = worktree ? readManifest((await repoInfo(worktree)).gitDir) : null;
  const mergeBase = (await git(mainRoot, ['merge-base', base, tip])).trim();
  const changes = await rangeChanges(mainRoot, [`${mergeBase}..${tip}`]);
  const repo = { root: mainRoot, gitDir: '', commonDir: '', branch: null };
  return judge({ repo, manifest, loaded, changes, mode: 'commits', agent: name, env: {}, color: false, base, toRegex: micromatchRegex });
}
