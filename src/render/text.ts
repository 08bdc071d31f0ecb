import pc from 'picocolors';
import { allowedSummary, kindLabel, NAMED_PATHS, nextSteps, reasonLabel, refusalHeadline, unrestrictedSummary } from './messages.js';
import { displayPath, type ReportContext } from './report.js';
import type { ChangeKind, Violation } from '../core/policy.js';

export function renderText(ctx: ReportContext): string {
  const chunks: string[] = [];
  writeText(ctx, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/** Lines are handed to `write` as they are made, ~1,000 at a time: a refusal may list 20,000 paths. */
const CHUNK_LINES = 1000;

/** The report as text, written in pieces (what `check` prints; renderText for one string). */
export function writeText(ctx: ReportContext, write: (chunk: string) => void): void {
  const { verdict, mode } = ctx;
  const c = pc.createColors(ctx.color);
  if (verdict.agent === null) {
    write(unrestrictedSummary() + '\n');
    return;
  }
  if (verdict.ok) {
    write(c.green(allowedSummary(verdict.agent, verdict.checked, mode)) + '\n');
    return;
  }

  const lines = [c.red(c.bold(refusalHeadline(verdict.agent, verdict.violations.length, mode))), ''];
  // Per reason, commit and set of owners once, not per violation: a refusal may list 20,000 paths.
  const reasons = new Set<keyof typeof reasonLabel>();
  for (const v of verdict.violations) reasons.add(v.reason);
  const width = Math.max(...[...reasons].map((reason) => reasonLabel[reason].length));
  const labels = { 'out-of-scope': `  ${c.yellow(reasonLabel['out-of-scope'].padEnd(width))}  `, protected: `  ${c.yellow(reasonLabel.protected.padEnd(width))}  ` };
  // Owners mostly come as one shared array per folder: their text is found by identity (a join per
  // line only for arrays made per path, and those are not kept).
  const byArray = new WeakMap<string[], string>();
  const byNames = new Map<string, string>();
  const ownerText = (owners: string[]) => {
    let text = byArray.get(owners);
    if (text === undefined) {
      const names = owners.join('\0');
      text = byNames.get(names);
      if (text === undefined) byNames.set(names, (text = owners.length ? `; belongs to ${owners.map((o) => `"${o}"`).join(', ')}` : ''));
      byArray.set(owners, text);
    }
    return text;
  };
  const inCommit = (commit: string | null) => (commit ? ` in ${commit.slice(0, 12)}` : '');
  // Neighbouring lines mostly share kind, commit and owners: a line's end is made again only when they change.
  let last: { kind: ChangeKind; commit: string | null; owners: string; ending: string } | null = null;
  for (const v of verdict.violations) {
    const owners = v.owner !== undefined ? `; new, and agent "${v.owner}" started first with it in its scope: it is theirs` : v.reason === 'out-of-scope' ? ownerText(ctx.owners(v.path)) : '';
    if (v.oldPath !== null) {
      lines.push(`${labels[v.reason]}${displayPath(v.path)}  ${c.dim(`(${kindLabel[v.kind]}${inCommit(v.commit)}; from ${displayPath(v.oldPath)}${owners})`)}`);
      continue;
    }
    if (last === null || last.kind !== v.kind || last.commit !== v.commit || last.owners !== owners) {
      last = { kind: v.kind, commit: v.commit, owners, ending: `  ${c.dim(`(${kindLabel[v.kind]}${inCommit(v.commit)}${owners})`)}` };
    }
    lines.push(labels[v.reason] + displayPath(v.path) + last.ending);
    if (lines.length >= CHUNK_LINES) {
      write(lines.join('\n') + '\n');
      lines.length = 0;
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
    paths: mode === 'staged' ? [...new Set(verdict.violations.map((v) => v.path))] : pathsUpTo(verdict.violations, NAMED_PATHS + 1),
    anyProtected: verdict.violations.some((v) => v.reason === 'protected'),
    anyOutOfScope: verdict.violations.some((v) => v.reason === 'out-of-scope'),
  });
  steps.forEach((step, i) => {
    lines.push(`  ${i + 1}. ${step}`);
  });
  write(lines.join('\n') + '\n');
}

/** The first `limit` different paths of the violations, renames' sources included (the history step names them if few). */
function pathsUpTo(violations: readonly Violation[], limit: number): string[] {
  const paths = new Set<string>();
  for (const v of violations) {
    for (const path of v.oldPath === null ? [v.path] : [v.path, v.oldPath]) paths.add(path);
    if (paths.size >= limit) break;
  }
  return [...paths];
}
