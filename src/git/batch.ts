import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIT_ENV } from './run.js';

export interface GitJob {
  cwd: string;
  args: string[];
  /** Pathspecs, after `--`: passed as positional parameters like the folders, so any bytes are safe. */
  paths?: string[];
}

// Arguments are written into the script, so they must be plain tokens (flags, shas, formats);
// folders, which come from outside, are passed as positional parameters and never interpolated.
const PLAIN_TOKEN = /^[\w%=.,:/^~@{}+-]+$/;

/**
 * Runs many git commands at once from a single `sh` process and returns each one's stdout (null
 * when it failed). A child process forked from node costs the node process a copy of its page
 * tables, far more while the git processes compete for the cores; forking from sh costs little.
 */
export async function gitBatch(jobs: GitJob[], env: NodeJS.ProcessEnv = {}): Promise<(string | null)[]> {
  if (jobs.length === 0) return [];
  for (const job of jobs) {
    const bad = job.args.find((arg) => !PLAIN_TOKEN.test(arg));
    if (bad !== undefined) throw new Error(`gitBatch: ${JSON.stringify(bad)} is not a plain token`);
  }
  const out = mkdtempSync(join(tmpdir(), 'agent-guard-batch-'));
  try {
    // Each git is the shell's own background child (one fork); a failed one's output file goes.
    // Positional parameters: $1 the output folder, then each job's folder, then each job's pathspecs.
    let next = jobs.length + 2;
    const pathsOf = (job: GitJob) => (job.paths ? ` -- ${job.paths.map(() => `"\${${next++}}"`).join(' ')}` : '');
    const starts = jobs.map((job, i) => `git -C "\${${i + 2}}" -c core.quotepath=off ${job.args.join(' ')}${pathsOf(job)} > "$1/${i}" 2>/dev/null & p${i}=$!`);
    const waits = jobs.map((_, i) => `wait "$p${i}" || rm -f "$1/${i}"`);
    const script = [...starts, ...waits].join('\n');
    await new Promise<void>((resolve, reject) => {
      execFile('/bin/sh', ['-c', script, 'sh', out, ...jobs.map((j) => j.cwd), ...jobs.flatMap((j) => j.paths ?? [])], { env: { ...process.env, ...GIT_ENV, ...env } }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    return jobs.map((_, i) => {
      try {
        return readFileSync(join(out, String(i)), 'utf8');
      } catch {
        return null;
      }
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
