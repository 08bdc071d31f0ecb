import type { Violation } from '../core/policy.js';
import type { ReportContext } from './report.js';

/**
 * Violations per piece. Each piece is stringified and written on its own: one string of tens of
 * thousands of violations would fault in fresh pages for megabytes, where pieces reuse the same
 * memory (docs/benchmarks.md, `check --range`).
 */
const PIECE = 250;

/**
 * The `check --format json` object, exactly the shape PRODUCT.md documents, handed to `write` in
 * pieces that join to what `JSON.stringify` makes of it.
 */
export function writeJson({ verdict }: ReportContext, write: (piece: string) => void): void {
  const head = `{"ok":${verdict.ok},"agent":${JSON.stringify(verdict.agent)},"checked":${verdict.checked},"violations":[`;
  const { violations } = verdict;
  if (violations.length === 0) {
    write(`${head}]}\n`);
    return;
  }
  for (let start = 0; start < violations.length; start += PIECE) {
    const piece = JSON.stringify(violations.slice(start, start + PIECE).map(documented));
    write((start === 0 ? head : ',') + piece.slice(1, -1));
  }
  write(']}\n');
}

const documented = ({ path, reason, commit, oldPath, owner }: Violation) => ({ path, reason, commit, oldPath, ...(owner !== undefined && { owner }) });
