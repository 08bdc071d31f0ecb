import { fileURLToPath } from 'node:url';
import { runToEnd } from './spawner.js';

export const CLI = fileURLToPath(new URL('../../dist/cjs/cli/main.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would: a separate node process in `cwd`. */
export function run(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const result = runToEnd(process.execPath, [CLI, ...args], { cwd, env, input });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runJson(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = run(cwd, [...args, '--format', 'json'], env);
  return { ...result, json: result.stdout ? JSON.parse(result.stdout) : null };
}
