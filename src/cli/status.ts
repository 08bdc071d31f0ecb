import { loadConfig } from '../config/load.js';
import { repoInfo } from '../git/repo.js';
import { listWorktrees } from '../git/worktrees.js';
import { renderStatusJson, renderStatusText } from '../render/status.js';
import { collectStatus } from '../status/collect.js';

export async function status(cwd: string, json: boolean, isTty: boolean): Promise<{ exitCode: number; output: string }> {
  const worktrees = await listWorktrees((await repoInfo(cwd)).root);
  const mainRoot = worktrees[0]!.path;
  const loaded = await loadConfig(mainRoot);
  const report = await collectStatus(mainRoot, loaded.config, loaded.file, worktrees);
  const output = json ? renderStatusJson(report) : renderStatusText(report, isTty && !('NO_COLOR' in process.env));
  return { exitCode: 0, output };
}

/** `status --watch`: redraws every `seconds` until interrupted. */
export async function watchStatus(cwd: string, seconds: number): Promise<never> {
  for (;;) {
    const { output } = await status(cwd, false, Boolean(process.stdout.isTTY));
    process.stdout.write(`\x1b[2J\x1b[H${new Date().toLocaleTimeString()}  agent-guard status (every ${seconds}s; Ctrl-C to stop)\n\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}
