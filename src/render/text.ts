import pc from 'picocolors';
import { allowedSummary, kindLabel, nextSteps, reasonLabel, refusalHeadline, unrestrictedSummary } from './messages.js';
import { displayPath, type ReportContext } from './report.js';

export function renderText(ctx: ReportContext): string {
  const { verdict, mode } = ctx;
  const c = pc.createColors(ctx.color);
  if (verdict.agent === null) return unrestrictedSummary() + '\n';
  if (verdict.ok) return c.green(allowedSummary(verdict.agent, verdict.checked, mode)) + '\n';

  const lines = [c.red(c.bold(refusalHeadline(verdict.agent, verdict.violations.length, mode))), ''];
  // Per reason and per set of owners once, not per violation: a refusal may list 20,000 paths.
  const width = Math.max(...verdict.violations.map((v) => reasonLabel[v.reason].length));
  const labels = { 'out-of-scope': c.yellow(reasonLabel['out-of-scope'].padEnd(width)), protected: c.yellow(reasonLabel.protected.padEnd(width)) };
  const ownerTexts = new Map<string, string>();
  const ownerText = (owners: string[]) => {
    const key = owners.join('\0');
    let text = ownerTexts.get(key);
    if (text === undefined) ownerTexts.set(key, (text = owners.length ? `; belongs to ${owners.map((o) => `"${o}"`).join(', ')}` : ''));
    return text;
  };
  for (const v of verdict.violations) {
    let details = kindLabel[v.kind] + (v.commit ? ` in ${v.commit.slice(0, 12)}` : '');
    if (v.oldPath !== null) details += `; from ${displayPath(v.oldPath)}`;
    if (v.reason === 'out-of-scope') details += ownerText(ctx.owners(v.path));
    lines.push(`  ${labels[v.reason]}  ${displayPath(v.path)}  ${c.dim(`(${details})`)}`);
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
