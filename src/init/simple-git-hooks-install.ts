import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Runs the project's own simple-git-hooks (node_modules/.bin), as its install would; false when it is not installed here. */
export async function runSimpleGitHooks(root: string, lines: string[]): Promise<boolean> {
  const bin = join(root, 'node_modules', '.bin', 'simple-git-hooks');
  if (!existsSync(bin)) return false;
  const failed = await new Promise<string | null>((resolve) => execFile(bin, [], { cwd: root }, (err, _out, stderr) => resolve(err ? String(stderr).trim() || err.message : null)));
  lines.push(failed ? `  warning    simple-git-hooks did not install the hooks: ${failed.split('\n').at(-1)}` : "  run        simple-git-hooks (its hooks in .git/hooks now run agent-guard's check first)");
  return failed === null;
}
