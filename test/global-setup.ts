import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary folder for the whole run, as TMPDIR of every worker and child process: the
 * repositories, remotes and fixtures of every test file live there (fixtures are shared by the files
 * a worker runs, so none can remove them after itself; a finished test's folders are moved into its
 * `discarded` folder). The run removes it at the end, in a process of its own that outlives the run:
 * deleting some ten thousand files is not worth waiting for.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'agent-guard-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (process.platform === 'win32') rmSync(root, { recursive: true, force: true });
    else spawn('rm', ['-rf', root], { detached: true, stdio: 'ignore' }).unref();
  };
}
