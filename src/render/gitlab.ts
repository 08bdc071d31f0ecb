import { createHash } from 'node:crypto';
import { githubAnnotation } from './messages.js';
import type { ReportContext } from './report.js';

/**
 * GitLab's Code Quality report (`artifacts:reports:codequality`): one issue per violating path and
 * commit. The fingerprint is a hash of what the issue is — agent, rule, path, the rename's source,
 * the commit — so the same violation keeps it from run to run (GitLab compares reports by it).
 */
export function renderGitlab(ctx: ReportContext): string {
  const { verdict } = ctx;
  const agent = verdict.agent ?? '';
  const issues = verdict.violations.map((v) => ({
    description: `${v.path}: ${githubAnnotation(agent, v.reason, ctx.owners(v.path))}${v.oldPath ? ` (renamed from ${v.oldPath})` : ''} Scope of "${agent}": ${ctx.scope.join(', ') || '(empty)'}.`,
    check_name: `agent-guard/${v.reason}`,
    fingerprint: createHash('sha256').update(JSON.stringify([agent, v.reason, v.path, v.oldPath, v.commit])).digest('hex'),
    severity: v.reason === 'protected' ? 'critical' : 'major',
    location: { path: v.path, lines: { begin: 1 } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
