import { githubAnnotation } from './messages.js';
import { renderText } from './text.js';
import type { ReportContext } from './report.js';

/** GitHub workflow commands: one `::error file=…::…` per violation, then the plain report for the log. */
export function renderGithub(ctx: ReportContext): string {
  const { verdict } = ctx;
  const annotations = verdict.violations.map(
    (v) => `::error file=${escapeProperty(v.path)}::${escapeData(githubAnnotation(verdict.agent!, v.reason, ctx.owners(v.path)))}`,
  );
  return annotations.map((a) => a + '\n').join('') + renderText({ ...ctx, color: false });
}

// Escaping as in @actions/core's command.ts: data escapes %, CR, LF; properties also : and ,.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
