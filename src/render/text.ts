import pc from 'picocolors';
import { allowedSummary, kindLabel, nextSteps, reasonLabel, refusalHeadline, unrestrictedSummary } from './messages.js';
import { displayPath, UNSAFE, type ReportContext } from './report.js';
import type { ChangeKind } from '../core/policy.js';

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
  if (verdict.agent === null) return write(unrestrictedSummary() + '\n');
  if (verdict.ok) return write(c.green(allowedSummary(verdict.agent, verdict.checked, mode)) + '\n');

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
  // Neighbouring lines mostly share owners, commit and kind: the last ones are checked first.
  let lastOwners: string[] | null = null;
  let lastOwnerText = '';
  let last: { kind: ChangeKind; commit: string | null; owners: string; ending: string } | null = null;
  for (const v of verdict.violations) {
    let owners = '';
    if (v.reason === 'out-of-scope') {
      const list = ctx.owners(v.path);
      if (list !== lastOwners) {
        lastOwners = list;
        lastOwnerText = ownerText(list);
      }
      owners = lastOwnerText;
    }
    const path = UNSAFE.test(v.path) ? displayPath(v.path) : v.path;
    if (v.oldPath !== null) {
      const details = `${kindLabel[v.kind]}${v.commit ? ` in ${v.commit.slice(0, 12)}` : ''}; from ${displayPath(v.oldPath)}${owners}`;
      lines.push(`${labels[v.reason]}${path}  ${c.dim(`(${details})`)}`);
      continue;
    }
    if (last === null || last.owners !== owners || last.commit !== v.commit || last.kind !== v.kind) {
      last = { kind: v.kind, commit: v.commit, owners, ending: ending(v.kind, v.commit, owners) };
    }
    lines.push(labels[v.reason] + path + last.ending);
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
    paths: mode === 'staged' ? [...new Set(verdict.violations.map((v) => v.path))] : [], // only the unstage command names them
    anyProtected: verdict.violations.some((v) => v.reason === 'protected'),
    anyOutOfScope: verdict.violations.some((v) => v.reason === 'out-of-scope'),
  });
  steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  write(lines.join('\n') + '\n');
}
