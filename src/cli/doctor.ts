import { loadConfig } from '../config/load.js';
import { diagnose } from '../doctor/diagnose.js';
import { gatherFacts } from '../doctor/facts.js';
import { repoInfo } from '../git/repo.js';
import { readTemplates } from '../init/apply.js';
import { installLinkedWorktreeHooks } from '../init/linked-worktrees.js';

export async function doctor(cwd: string, fix = false): Promise<{ exitCode: number; output: string }> {
  const repo = await repoInfo(cwd);
  const lines: string[] = [];
  if (fix) lines.push(...(await fixLinkedHooks(repo.root, repo.commonDir)));
  const findings = diagnose(await gatherFacts(repo));
  lines.push(...findings.map((f) => (f.ok ? `  ok    ${f.what}` : `  FAIL  ${f.what}\n        fix: ${f.fix}`)));
  const failed = findings.filter((f) => !f.ok).length;
  lines.push('', failed ? `agent-guard doctor: ${failed} problem${failed === 1 ? '' : 's'} found.` : 'agent-guard doctor: everything is in place.');
  return { exitCode: failed ? 1 : 0, output: lines.join('\n') + '\n' };
}

/** What --fix repairs without touching any tracked file: the dispatcher the main and every linked worktree run. */
async function fixLinkedHooks(root: string, commonDir: string): Promise<string[]> {
  const { config } = await loadConfig(root);
  const { dir, changed } = await installLinkedWorktreeHooks(root, commonDir, config.branches, readTemplates());
  return [changed ? `  fixed ${dir}: the hooks of the main and every linked worktree` : `  ok    nothing to fix for the main and linked worktrees' hooks`];
}
