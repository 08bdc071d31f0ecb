import { requireLazily } from '../io/lazy-require.js';

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly code: number | null,
    /** What git printed before it failed (merge-tree prints its result and exits 1 on conflicts). */
    readonly stdout = '',
  ) {
    super(`git ${args.join(' ')} failed: ${stderr.trim() || `exit ${code}`}`);
    this.name = 'GitError';
  }
}

/**
 * Runs git with an argument array (never a shell string, so paths and refs are never interpreted)
 * and returns stdout. `input` is written to stdin.
 */
export function git(cwd: string, args: readonly string[], input?: string, env?: Record<string, string>): Promise<string> {
  const started = process.env.AGENT_GUARD_TRACE ? performance.now() : 0;
  return new Promise<string>((resolve, reject) => {
    const child = childProcess().execFile(
      'git',
      ['-c', 'core.quotepath=off', ...args],
      { cwd, maxBuffer: 1 << 30, encoding: 'utf8', env: { ...gitEnv(), ...env } },
      (err, stdout, stderr) => {
        if (err) reject(new GitError(args, stderr, typeof err.code === 'number' ? err.code : null, stdout));
        else resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin!.end(input);
  }).finally(() => {
    if (started) process.stderr.write(`[trace] ${(performance.now() - started).toFixed(0).padStart(5)} ms  git ${args.join(' ').slice(0, 100)}\n`);
  });
}

/** Like `git`, but returns stdout as bytes (for `cat-file --batch`, whose sizes are in bytes). */
export function gitBytes(cwd: string, args: readonly string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = childProcess().execFile('git', args, { cwd, maxBuffer: 1 << 30, encoding: 'buffer', env: gitEnv() }, (err, stdout, stderr) => {
      if (err) reject(new GitError(args, stderr.toString(), typeof err.code === 'number' ? err.code : null));
      else resolve(stdout);
    });
    child.stdin!.end(input);
  });
}

/** Like `git`, but resolves null instead of failing (for "is there a HEAD?" style questions). */
export async function gitOrNull(cwd: string, args: readonly string[]): Promise<string | null> {
  try {
    return await git(cwd, args);
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

/**
 * Read-only queries must not take index.lock while an agent is committing in the same worktree.
 * GIT_INDEX_FILE is kept on purpose: inside a hook of `git commit PATH` it names the index being committed.
 */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...GIT_ENV };
}

/**
 * What every git agent-guard runs gets. No replace refs: a `refs/replace/` ref would make git show
 * other objects than the commits hold, so a commit judged in scope could merge something else.
 */
export const GIT_ENV = { GIT_OPTIONAL_LOCKS: '0', GIT_NO_REPLACE_OBJECTS: '1' } as const;

/**
 * node's child_process, loaded on the first git run: with it come net, streams and ~35 more of
 * node's own modules, which a hook that got its diff piped in, or a guard call that runs no git,
 * never needs.
 */
let loaded: typeof import('node:child_process') | undefined;
function childProcess(): typeof import('node:child_process') {
  return (loaded ??= requireLazily('node:child_process') as typeof import('node:child_process'));
}

/**
 * Like `git`, in a process group of its own: a Ctrl-C at the terminal reaches agent-guard, which
 * lets this git finish, instead of cutting a checkout or a ref update halfway.
 */
export function gitShielded(cwd: string, args: readonly string[], env?: Record<string, string>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = childProcess().spawn('git', ['-c', 'core.quotepath=off', ...args], { cwd, env: { ...gitEnv(), ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (err) => reject(new GitError(args, err.message, null)));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new GitError(args, stderr, code, stdout))));
  });
}
