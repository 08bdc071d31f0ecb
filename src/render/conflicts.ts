import type { Forecast, ForecastConflict, QueueStep } from '../conflicts/forecast.js';

const files = (c: ForecastConflict['files']) => c.map((f) => `${f.path} (${f.kind})`).join(', ');

/** One line per forecast conflict: "web after api: package.json (content)", "orders with base main: …". */
export function conflictLine(c: ForecastConflict, base: string): string {
  return c.agents[1] === 'base' ? `${c.agents[0]} into ${base}: ${files(c.files)}` : `${c.agents[1]} after ${c.agents[0]}: ${files(c.files)}`;
}

export function renderForecastText(f: Forecast): string {
  const lines = [`Conflict forecast: the live agents' committed work against ${f.base} (${f.baseTip.slice(0, 12)}) and each other.`];
  if (f.agents.length === 0) lines.push('  no live agent has a branch');
  for (const c of f.conflicts) lines.push(`  CONFLICT  ${conflictLine(c, f.base)}`);
  const unseen = f.agents.filter((a) => a.uncommitted);
  if (unseen.length) lines.push(`  not in the forecast (uncommitted in scope): ${unseen.map((a) => `${a.name} ${a.uncommitted} file${a.uncommitted === 1 ? '' : 's'}`).join(', ')}`);
  if (f.conflicts.length === 0) lines.push('', 'No conflicts foreseen.');
  else {
    const withBase = f.conflicts.filter((c) => c.agents[1] === 'base').map((c) => c.agents[0]);
    lines.push('', `${f.conflicts.length} conflict${f.conflicts.length === 1 ? '' : 's'} foreseen.`);
    if (withBase.length) lines.push(`Bring base's changes in and resolve them in each agent's worktree: ${withBase.map((n) => `agent-guard sync ${n}`).join('; ')}.`);
    if (f.conflicts.some((c) => c.agents[1] !== 'base')) lines.push('For two agents: merge the first, then `agent-guard sync` the second and resolve there before merging it; or reassign the shared file to one of them.');
  }
  return lines.join('\n') + '\n';
}

export function renderForecastJson(f: Forecast): string {
  const conflicts = f.conflicts.map((c) => ({ agents: c.agents, files: c.files.map((x) => x.path), kinds: Object.fromEntries(c.files.map((x) => [x.path, x.kind])) }));
  return JSON.stringify({ base: f.base, baseTip: f.baseTip, agents: f.agents, conflicts }, null, 2) + '\n';
}

/** The merge queue's forecast, step by step. */
export function renderQueueForecast(steps: QueueStep[], base: string): string[] {
  return steps.map((s) => (s.conflicts === null ? `  ${s.name}: already in ${base}` : s.conflicts.length === 0 ? `  ${s.name}: merges cleanly` : `  ${s.name}: CONFLICT in ${files(s.conflicts)}`));
}
