import { loadConfig } from '../config/load.js';
import { repoInfo } from '../git/repo.js';
import { mainWorktree } from '../git/worktrees.js';
import { copyIncludedFiles, copyLines } from '../lifecycle/include-files.js';

/**
 * `agent-guard copy-included`: what the post-checkout hook of a new worktree runs (`git worktree add`
 * made it): the main checkout's ignored files that .worktreeinclude or setup.copy name, copied in;
 * a file the worktree has already stays. Its lines go to stderr, as git shows a hook's.
 */
export async function copyIncluded(cwd: string): Promise<{ exitCode: number; output: string }> {
  const { root } = await repoInfo(cwd);
  const mainRoot = await mainWorktree(root);
  if (mainRoot === root) return { exitCode: 0, output: '' };
  const { config } = await loadConfig(mainRoot);
  const lines = copyLines(await copyIncludedFiles(mainRoot, root, config.setup?.copy, { keepExisting: true }));
  if (lines.length) process.stderr.write(`agent-guard: ${root} is a new worktree:\n${lines.join('\n')}\n`);
  return { exitCode: 0, output: '' };
}
