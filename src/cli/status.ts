import { UsageError } from '../core/errors.js';
import { loadConfig } from '../config/load.js';
import { repoInfo } from '../git/repo.js';
import { listWorktrees } from '../git/worktrees.js';
import { renderStatusJson, renderStatusText } from '../render/status.js';
import { collectStatus, type StatusReport } from '../status/collect.js';

async function statusReport(cwd: string): Promise<StatusReport> {
  const worktrees = await listWorktrees((await repoInfo(cwd)).root);
  const mainRoot = worktrees[0]!.path;
  const loaded = await loadConfig(mainRoot);
  return collectStatus(mainRoot, loaded.config, loaded.file, worktrees);
}

export async function status(cwd: string, json: boolean, isTty: boolean, disk = false): Promise<{ exitCode: number; output: string }> {
  const report = await statusReport(cwd);
  if (disk) {
    const { diskUsage } = await import('../io/disk-usage.js');
    for (const agent of report.agents) if (agent.worktree && !agent.missing) agent.disk = diskUsage(agent.worktree);
  }
  const output = json ? renderStatusJson(report) : renderStatusText(report, isTty && !('NO_COLOR' in process.env));
  return { exitCode: 0, output };
}

/**
 * `status --watch`: redraws every `interval` seconds until interrupted. An agent whose flags changed since
 * the last redraw is marked, and on a terminal each newly raised flag rings the bell once
 * (`quiet` switches the bell off): the seed's "check early".
 */
export async function watchStatus(cwd: string, interval: string, quiet = false): Promise<never> {
  const seconds = Number(interval);
  if (!/^\d+(\.\d+)?$/.test(interval) || seconds < 0.1 || seconds > 3600) {
    throw new UsageError(`agent-guard status: --interval takes the seconds between redraws, from 0.1 to 3600 (got "${interval}").`);
  }
  let previous: Map<string, readonly string[]> | null = null;
  for (;;) {
    const report = await statusReport(cwd);
    const changed = new Set<string>();
    let raised = 0;
    for (const agent of report.agents) {
      const before = previous?.get(agent.name) ?? [];
      const added = agent.flags.filter((flag) => !before.includes(flag));
      if (previous && (added.length || before.some((flag) => !(agent.flags as readonly string[]).includes(flag)))) changed.add(agent.name);
      if (previous) raised += added.length;
    }
    previous = new Map(report.agents.map((agent) => [agent.name, agent.flags]));
    const tty = Boolean(process.stdout.isTTY);
    const output = renderStatusText(report, tty && !('NO_COLOR' in process.env), new Date(), changed);
    const bell = tty && !quiet && raised > 0 ? '\x07' : '';
    process.stdout.write(`\x1b[2J\x1b[H${new Date().toLocaleTimeString()}  agent-guard status (every ${seconds}s; Ctrl-C to stop)\n\n${output}${bell}`);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}
