import { runToEnd } from './spawner.js';

/** Runs git in `cwd` without throwing, so a test can look at a hook's refusal. */
export function tryGit(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = runToEnd('git', args, { cwd, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
}
