import { diagnose } from '../doctor/diagnose.js';
import { gatherFacts } from '../doctor/facts.js';
import { repoInfo } from '../git/repo.js';

export async function doctor(cwd: string): Promise<{ exitCode: number; output: string }> {
  const findings = diagnose(await gatherFacts(await repoInfo(cwd)));
  const lines = findings.map((f) => (f.ok ? `  ok    ${f.what}` : `  FAIL  ${f.what}\n        fix: ${f.fix}`));
  const failed = findings.filter((f) => !f.ok).length;
  lines.push('', failed ? `agent-guard doctor: ${failed} problem${failed === 1 ? '' : 's'} found.` : 'agent-guard doctor: everything is in place.');
  return { exitCode: failed ? 1 : 0, output: lines.join('\n') + '\n' };
}
