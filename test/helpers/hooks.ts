import { spawnSync } from 'node:child_process';
import { cleanEnv } from './env.js';

/** Runs git in `cwd` without throwing, so a test can look at a hook's refusal. */
export function tryGit(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('git', args, { cwd, env: cleanEnv(env), encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
}
