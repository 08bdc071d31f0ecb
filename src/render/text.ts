import pc from 'picocolors';
import { allowedSummary, kindLabel, nextSteps, reasonLabel, refusalHeadline, unrestrictedSummary } from './messages.js';
import { displayPath, type ReportContext } from './report.js';

export function renderText(ctx: ReportContext): string {
  const { verdict, mode } = ctx;
  const c = pc.createColors(ctx.color);
  if (verdict.agent === null) return unrestrictedSummary() + '\n';
  if (verdict.ok) return c.green(allowedSummary(verdict.agent, verdict.checked, mode)) + '\n';

  const lines = [c.red(c.bold(refusalHeadline(verdict.agent, verdict.violations.length, mode))), ''];
  const width = Math.max(...verdict.violations.map((v) => reasonLabel[v.reason].length));
  for (const v of verdict.violations) {
    const details = [kindLabel[v.kind] + (v.commit ? ` in ${v.commit.slice(0, 12)}` : '')];
    if (v.oldPath !== null) details.push(`from ${displayPath(v.oldPath)}`);
    const owners = v.reason === 'out-of-scope' ? ctx.owners(v.path) : [];
    if (owners.length) details.push(`belongs to ${owners.map((o) => `"${o}"`).join(', ')}`);
    lines.push(`  ${c.yellow(reasonLabel[v.reason].padEnd(width))}  ${displayPath(v.path)}  ${c.dim(`(${details.join('; ')})`)}`);
  }
  lines.push('');
  lines.push(`Scope of "${verdict.agent}": ${ctx.scope.join(', ') || '(empty)'}`);
  if (ctx.shared.length) lines.push(`Shared (any agent may change): ${ctx.shared.join(', ')}`);
  lines.push('', 'Next steps:');
  const steps = nextSteps({
    agent: verdict.agent,
    mode,
    base: ctx.base,
    paths: [...new Set(verdict.violations.map((v) => v.path))],
    anyProtected: verdict.violations.some((v) => v.reason === 'protected'),
    anyOutOfScope: verdict.violations.some((v) => v.reason === 'out-of-scope'),
  });
  steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  return lines.join('\n') + '\n';
}
