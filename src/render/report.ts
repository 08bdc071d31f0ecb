import type { Verdict } from '../core/policy.js';
import type { CheckMode } from '../core/policy.js';

/** Everything a renderer needs besides the verdict; gathered by the command, rendered purely. */
export interface ReportContext {
  verdict: Verdict;
  mode: CheckMode;
  scope: string[];
  shared: string[];
  base: string;
  owners: (path: string) => string[];
  color: boolean;
}

/** A path as a person can read it: quoted when it holds control characters, quotes or backslashes. */
export function displayPath(path: string): string {
  return /[\u0000-\u001f\u007f"\\]/.test(path) ? JSON.stringify(path) : path;
}
