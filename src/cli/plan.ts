import { displayPath } from '../render/report.js';
import { conflictLine } from '../render/conflicts.js';
import { planJson, planReport } from '../status/plan-report.js';

/** Validates the config and reports the tracked files two agents' scopes both claim (exit 1 if any). */
export async function plan(cwd: string, json: boolean): Promise<{ exitCode: number; output: string }> {
  const report = await planReport(cwd);
  if (json) return { exitCode: report.exitCode, output: planJson(report) };
  const { config, file, files, overlaps, globOnly, unmatched, sequence, sequenced, claimed, conflicts, note, exitCode } = report;
  const lines = [`${file} is valid: ${report.agents} agent${report.agents === 1 ? '' : 's'} over ${files} tracked files.`];
  if (sequence.length) lines.push(`In sequence (each starts from, and merges after, the agents before the arrow): ${sequence.join('; ')}`);
  for (const o of sequenced) lines.push(`"${o.agents[0]}" and "${o.agents[1]}" share ${o.paths.length} file${o.paths.length === 1 ? '' : 's'}, one after the other: fine.`);
  for (const o of overlaps) {
    lines.push('', `"${o.agents[0]}" and "${o.agents[1]}" both claim ${o.paths.length} file${o.paths.length === 1 ? '' : 's'}:`);
    lines.push(...o.paths.slice(0, 20).map((p) => `  ${displayPath(p)}`));
    if (o.paths.length > 20) lines.push(`  … and ${o.paths.length - 20} more`);
  }
  for (const o of globOnly) {
    if ('witness' in o) lines.push('', `"${o.agents[0]}" and "${o.agents[1]}" share no file yet, but their globs both match paths not yet written, e.g. ${displayPath(o.witness)}`);
    else lines.push('', `"${o.agents[0]}" and "${o.agents[1]}": whether their globs can match one path could not be decided exactly (${o.undecided}); check them by hand.`);
  }
  for (const c of claimed) lines.push('', `"${c.agent}" shares ${c.paths.length} file${c.paths.length === 1 ? '' : 's'} with "${c.claim.agent}", claimed by another clone (${c.claim.user} on ${c.claim.host}, ${c.claim.branch}): spawning "${c.agent}" will be refused while that claim is live.`);
  for (const name of unmatched) lines.push('', `warning: the scope of "${name}" (${config.agents[name]!.scope.join(', ')}) matches no tracked file; a typo? (new files are fine)`);
  if (conflicts.length) lines.push('', 'Conflicts foreseen in the committed work of the agents with branches (agent-guard conflicts for the fix):', ...conflicts.map((c) => `  ${conflictLine(c, config.base)}`));
  if (note) lines.push('', `Conflict forecast left out: ${note}`);
  lines.push('', exitCode ? 'Overlapping scopes: narrow them, or run those agents one after the other (`after`).' : 'No overlaps: these agents can work in parallel.');
  return { exitCode, output: lines.join('\n') + '\n' };
}

