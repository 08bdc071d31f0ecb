import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary folder for the whole run, as TMPDIR of every worker and child process: the
 * repositories, remotes and fixtures of every test file live there (fixtures are shared by the files
 * a worker runs, so none can remove them after itself), and the run removes it at the end.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'agent-guard-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
