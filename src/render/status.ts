import pc from 'picocolors';
import type { AgentStatus, StatusReport } from '../status/collect.js';
import { displayPath } from './report.js';
import { conflictLine } from './conflicts.js';
import { humanBytes } from '../io/disk-usage.js';

/** `status --json`: the shape PRODUCT.md documents, plus missing/merged/orphan flags. */
export function renderStatusJson(report: StatusReport): string {
  return (
    JSON.stringify({
      base: report.base,
      conflicts: report.conflicts.map((c) => ({ agents: c.agents, files: c.files.map((f) => f.path) })),
      globOverlaps: report.globOverlaps,
      agents: report.agents.map((a) => ({
        name: a.name,
        branch: a.branch,
        worktree: a.worktree,
        scope: a.scope,
        ahead: a.ahead,
        behind: a.behind,
        changed: a.changed,
        violations: a.violations.map(({ path, reason, commit, oldPath }) => ({ path, reason, commit, oldPath })),
        overlaps: a.overlaps,
        lastActivity: a.lastActivity,
        missing: a.missing,
        merged: a.merged,
        state: a.state,
        ...(a.tokens && { tokens: a.tokens, cost: a.cost ?? null }),
        corrections: a.corrections ?? 0,
        ...(a.failingAgain && { failingAgain: a.failingAgain }),
        ...(a.overBudget && { overBudget: a.overBudget }),
        ports: a.ports,
        ...(a.unreadableTranscripts && { unreadableTranscripts: a.unreadableTranscripts }),
        ...(a.disk !== undefined && { disk: a.disk }),
        orphan: a.orphan,
        after: a.after,
        refusals: { total: a.refusals.total, recent: a.refusals.recent, last: a.refusals.last },
        lastChange: a.lastChange,
        flags: a.flags,
        unreadableEvents: a.unreadableEvents,
      })),
      unguarded: report.unguarded,
      claims: report.claims.map(({ agent, scope, branch, host, user, createdAt }) => ({ agent, scope, branch, host, user, createdAt })),
    }) + '\n'
  );
}

/** `changed`: agents whose flags changed since the last redraw of `status --watch` (marked with `*`). */
export function renderStatusText(report: StatusReport, color: boolean, now = new Date(), changed: ReadonlySet<string> = new Set()): string {
  const c = pc.createColors(color);
  const unguarded = unguardedLines(report, c);
  if (report.agents.length === 0) return `No agents in the config yet. Add one with: agent-guard spawn NAME --scope 'GLOB'\n${unguarded.join('\n')}${unguarded.length ? '\n' : ''}`;
  const rows = report.agents.map((a) => [
    changed.has(a.name) ? `* ${a.name}` : a.name,
    a.branch,
    `+${a.ahead} -${a.behind}`,
    String(a.changed.length),
    String(a.violations.length),
    a.refusals.total ? `${a.refusals.total} (${a.refusals.recent} recent)` : '0',
    a.lastActivity ? ago(new Date(a.lastActivity), now) : '-',
    a.flags.join(' ') || '-',
    a.missing ? `${a.worktree} (MISSING)` : (a.worktree ?? '(no worktree)'),
  ]);
  const header = ['agent', 'branch', 'vs ' + report.base, 'changed', 'violations', 'refusals', 'last change', 'flags', 'worktree'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  const lines = [c.bold(line(header))];
  report.agents.forEach((a, i) => {
    const text = line(rows[i]!);
    lines.push(a.violations.length ? c.red(text) : a.flags.length || a.missing || a.orphan ? c.yellow(text) : text);
  });
  for (const a of report.agents.filter((x) => x.flags.some((f) => f === 'CIRCLING' || f === 'STALLED' || f === 'RESTART?' || f === 'OVER-BUDGET'))) lines.push('', ...flagLines(a, c, now));
  const needYou = report.agents.filter((x) => x.state.state === 'waiting');
  if (needYou.length) {
    lines.push('', c.yellow(c.bold('Waiting for you:')));
    for (const a of needYou) lines.push(`  ${a.name}, for ${ago(new Date(a.state.since!), now).replace(/ ago$/, '')}${a.state.message ? `: ${a.state.message}` : ''}${a.worktree ? `  (${a.worktree})` : ''}`);
  }
  for (const a of report.agents.filter((x) => x.flags.includes('SETUP-FAILED'))) {
    lines.push('', c.yellow(`Agent "${a.name}": the setup of its worktree failed, so its first test run may fail for that reason.`), `  agent-guard setup ${a.name} runs it again (its output is in the worktree's git dir, agent-guard/setup.log).`);
  }
  if (report.conflicts.length) {
    lines.push('', c.yellow(`Conflicts foreseen in the agents' committed work (agent-guard conflicts for the fix):`));
    for (const conflict of report.conflicts) lines.push(`  ${conflictLine(conflict, report.base)}`);
  }
  if (report.forecastNote) lines.push('', `Conflict forecast left out: ${report.forecastNote}`);
  const meeting = report.globOverlaps.filter((o): o is Extract<typeof o, { witness: string }> => 'witness' in o);
  if (meeting.length) {
    lines.push('', c.yellow('Scopes that can meet in files not yet written:'));
    for (const o of meeting) lines.push(`  ${o.agents[0]} and ${o.agents[1]}: e.g. ${displayPath(o.witness)}`);
  }
  const waiting = report.agents.filter((a) => a.after.length);
  if (waiting.length) lines.push('', `In sequence (merge in this order; sync brings in their new commits): ${waiting.map((a) => `${a.after.join(', ')} → ${a.name}`).join('; ')}`);

  for (const a of report.agents.filter((x) => x.violations.length)) {
    lines.push('', c.red(`Agent "${a.name}" strayed outside its scope (${a.scope.join(', ')}):`));
    for (const v of a.violations.slice(0, 20)) lines.push(`  ${v.reason === 'protected' ? 'protected   ' : 'out of scope'}  ${displayPath(v.path)}${v.commit ? c.dim(`  (${v.commit.slice(0, 12)})`) : c.dim('  (uncommitted)')}`);
    if (a.violations.length > 20) lines.push(`  … and ${a.violations.length - 20} more`);
    lines.push(`  Kill and restart? ${restartHint(a.name)}   (its work is backed up first)`);
  }
  const pairs = new Set<string>();
  for (const a of report.agents) {
    for (const o of a.overlaps) {
      const key = [a.name, o.agent].sort().join(' and ');
      if (pairs.has(key)) continue;
      pairs.add(key);
      lines.push('', c.yellow(`${key} both changed: ${o.paths.slice(0, 10).map(displayPath).join(', ')}${o.paths.length > 10 ? ' …' : ''}`), '  Merge one before the other goes further (agent-guard merge NAME), then agent-guard sync the other.');
    }
  }
  const missing = report.agents.filter((a) => a.missing);
  if (missing.length) lines.push('', `Worktree missing (deleted by hand?): ${missing.map((a) => a.name).join(', ')}. agent-guard spawn NAME recreates it on the same branch.`);
  const spending = report.agents.filter((a) => a.tokens);
  if (spending.length) {
    const k = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));
    lines.push('', `Tokens (in / out / cache read): ${spending.map((a) => `${a.name} ${k(a.tokens!.input)} / ${k(a.tokens!.output)} / ${k(a.tokens!.cacheRead)}${typeof a.cost === 'number' ? ` ($${a.cost.toFixed(2)})` : ''}`).join(', ')}.`);
  }
  for (const a of report.agents.filter((x) => x.unreadableTranscripts)) lines.push(`Agent "${a.name}": counted up to what could be read: ${a.unreadableTranscripts!.join('; ')}.`);
  const sized = report.agents.filter((a) => a.disk !== undefined);
  if (sized.length) {
    const total = sized.reduce((sum, a) => sum + a.disk!, 0);
    lines.push('', `On disk (ignored files included): ${sized.map((a) => `${a.name} ${humanBytes(a.disk!)}`).join(', ')}; ${humanBytes(total)} in all.`);
  }
  const prunable = report.agents.filter((a) => (a.merged || a.orphan) && a.worktree && !a.missing);
  if (prunable.length) lines.push('', `Done or gone from the config: ${prunable.map((a) => `${a.name}${a.orphan ? ' (not in config)' : ' (merged)'}`).join(', ')}. agent-guard prune removes their worktrees (--merged: only the merged ones).`);
  lines.push(...unguarded);
  if (report.claims.length) {
    lines.push('', 'Claimed by other clones (as last fetched; agent-guard claims refreshes):');
    for (const c of report.claims) lines.push(`  ${c.agent}  ${c.scope.join(', ')}  ${c.user} on ${c.host}, ${c.branch}`);
  }
  return lines.join('\n') + '\n';
}

/** The seed's advice: a new session with a more specific prompt usually succeeds. */
const restartHint = (name: string) => `agent-guard reset ${name} --force --task '<a more specific task>'`;

/** CIRCLING and STALLED: what was seen and the next step (STRAYED has its own list above). */
function flagLines(a: AgentStatus, c: ReturnType<typeof pc.createColors>, now: Date): string[] {
  const lines: string[] = [];
  if (a.flags.includes('CIRCLING') && a.refusals.circlingOn !== null) {
    const on = a.refusals.circlingOn;
    lines.push(c.yellow(`Agent "${a.name}" is going in circles: ${a.refusals.total} refusals, 3 or more of ${displayPath(on.replace(/^command: /, ''))}${a.refusals.last ? ` (last ${ago(new Date(a.refusals.last.at), now)}, ${a.refusals.last.source})` : ''}.`));
  } else if (a.flags.includes('CIRCLING') && a.failingAgain) {
    const [kind, what] = a.failingAgain.startsWith('test: ') ? ['test', a.failingAgain.slice(6)] : ['command', a.failingAgain.replace(/^command: /, '')];
    lines.push(c.yellow(`Agent "${a.name}" is going in circles: the same failing ${kind} 3 times or more in its sessions: ${what.length > 120 ? `${what.slice(0, 117)}...` : what}`));
  }
  if (a.flags.includes('RESTART?')) lines.push(c.yellow(`Agent "${a.name}" has needed ${a.corrections} corrections after its first prompt: past three, a fresh session with a sharper task usually does better.`));
  if (a.flags.includes('OVER-BUDGET')) lines.push(c.yellow(`Agent "${a.name}" is over its budget: ${a.overBudget}.`));
  if (a.flags.includes('STALLED')) {
    lines.push(c.yellow(`Agent "${a.name}" has stalled: unfinished work and no file changed since ${a.lastChange ? ago(new Date(a.lastChange), now) : 'it started'}.`));
  }
  lines.push(`  Kill and restart with a sharper task? ${restartHint(a.name)}`);
  return lines;
}

/** Linked worktrees where no agent identity applies: an agent there would run unscoped. */
function unguardedLines(report: StatusReport, c: ReturnType<typeof pc.createColors>): string[] {
  if (report.unguarded.length === 0) return [];
  const lines = ['', c.yellow('Unguarded worktrees (no agent identity: commits there are not scoped):')];
  for (const w of report.unguarded) {
    lines.push(`  ${w.path}  ${w.branch ?? '(detached)'}  ${w.changed.length} changed${w.changed.length ? `: ${w.changed.slice(0, 5).map(displayPath).join(', ')}${w.changed.length > 5 ? ' …' : ''}` : ''}`);
  }
  lines.push('  An agent works there? agent-guard adopt NAME PATH   (gives it a scope and its own hooks)');
  return lines;
}

function ago(then: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

