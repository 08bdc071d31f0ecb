import { loadConfig } from '../config/load.js';
import { forecastConflicts } from '../conflicts/forecast.js';
import { repoInfo } from '../git/repo.js';
import { mainWorktree } from '../git/worktrees.js';
import { renderForecastJson, renderForecastText } from '../render/conflicts.js';

/** `agent-guard conflicts [--json]`: exit 0 when nothing conflicts, 1 when something does. */
export async function conflicts(cwd: string, json: boolean): Promise<{ exitCode: number; output: string }> {
  const repo = await repoInfo(cwd);
  const mainRoot = await mainWorktree(repo.root);
  const { config, file } = await loadConfig(mainRoot);
  const forecast = await forecastConflicts(mainRoot, repo.commonDir, config, file);
  return { exitCode: forecast.conflicts.length ? 1 : 0, output: json ? renderForecastJson(forecast) : renderForecastText(forecast) };
}
