import type { ReportContext } from './report.js';

/** The `check --format json` object, exactly the shape PRODUCT.md documents. */
export function renderJson({ verdict }: ReportContext): string {
  return (
    JSON.stringify({
      ok: verdict.ok,
      agent: verdict.agent,
      checked: verdict.checked,
      violations: verdict.violations.map(({ path, reason, commit, oldPath }) => ({ path, reason, commit, oldPath })),
    }) + '\n'
  );
}
