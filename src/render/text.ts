import pc from 'picocolors';
import { allowedSummary, kindLabel, nextSteps, reasonLabel, refusalHeadline, unrestrictedSummary } from './messages.js';
import { displayPath, type ReportContext } from './report.js';
import type { ChangeKind } from '../core/policy.js';

export function renderText(ctx: ReportContext): string {
  const { verdict, mode } = ctx;
  const c = pc.createColors(ctx.color);
  if (verdict.agent === null) return unrestrictedSummary() + '\n';
  if (verdict.ok) return c.green(allowedSummary(verdict.agent, verdict.checked, mode)) + '\n';

  const lines = [c.red(c.bold(refusalHeadline(verdict.agent, verdict.violations.length, mode))), ''];
  // Per reason, commit and set of owners once, not per violation: a refusal may list 20,000 paths
  // (owners come as one array per folder, so the text for them is found by identity, no join).
  const reasons = new Set<keyof typeof reasonLabel>();
  for (const v of verdict.violations) reasons.add(v.reason);
  const width = Math.max(...[...reasons].map((reason) => reasonLabel[reason].length));
  const labels = { 'out-of-scope': `  ${c.yellow(reasonLabel['out-of-scope'].padEnd(width))}  `, protected: `  ${c.yellow(reasonLabel.protected.padEnd(width))}  ` };
  const ownerTexts = new Map<string[] | string, string>();
  const ownerText = (owners: string[]) => {
    let text = ownerTexts.get(owners);
    if (text === undefined) {
      const key = owners.join('\0');
      text = ownerTexts.get(key) ?? (owners.length ? `; belongs to ${owners.map((o) => `"${o}"`).join(', ')}` : '');
      ownerTexts.set(key, text).set(owners, text);
    }
    return text;
  };
  const endings = new Map<string, Map<string, Map<ChangeKind, string>>>(); // owners text → commit → kind → the line's end
  const ending = (kind: ChangeKind, commit: string | null, owners: string) => {
    let byCommit = endings.get(owners);
    if (!byCommit) endings.set(owners, (byCommit = new Map()));
    let byKind = byCommit.get(commit ?? '');
    if (!byKind) byCommit.set(commit ?? '', (byKind = new Map()));
    let text = byKind.get(kind);
    if (text === undefined) byKind.set(kind, (text = `  ${c.dim(`(${kindLabel[kind]}${commit ? ` in ${commit.slice(0, 12)}` : ''}${owners})`)}`));
    return text;
  };
  for (const v of verdict.violations) {
    const owners = v.reason === 'out-of-scope' ? ownerText(ctx.owners(v.path)) : '';
    if (v.oldPath !== null) {
      const details = `${kindLabel[v.kind]}${v.commit ? ` in ${v.commit.slice(0, 12)}` : ''}; from ${displayPath(v.oldPath)}${owners}`;
      lines.push(`${labels[v.reason]}${displayPath(v.path)}  ${c.dim(`(${details})`)}`);
    } else {
      lines.push(labels[v.reason] + displayPath(v.path) + ending(v.kind, v.commit, owners));
    }
  }
  lines.push('');
  lines.push(`Scope of "${verdict.agent}": ${ctx.scope.join(', ') || '(empty)'}`);
  if (ctx.shared.length) lines.push(`Shared (any agent may change): ${ctx.shared.join(', ')}`);
  lines.push('', 'Next steps:');
  const steps = nextSteps({
    agent: verdict.agent,
    mode,
    base: ctx.base,
    paths: mode === 'staged' ? [...new Set(verdict.violations.map((v) => v.path))] : [], // only the unstage command names them
    anyProtected: verdict.violations.some((v) => v.reason === 'protected'),
    anyOutOfScope: verdict.violations.some((v) => v.reason === 'out-of-scope'),
  });
  steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  return lines.join('\n') + '\n';
}
