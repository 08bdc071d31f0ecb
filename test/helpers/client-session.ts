import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeAgentRepo, type AgentRepo } from './agents.js';
import { run } from './cli.js';
import { cleanEnv } from './env.js';

export interface ClientSession {
  repo: AgentRepo;
  /** Agent "web"'s worktree, wired for the client by `spawn --client`. */
  wt: string;
  /** The client's own home (trust, sessions, config): a scratch folder, where spawn records its trust. */
  home: string;
  /** The variables that point the clients' homes at `home` (spawn and doctor run with them). */
  env: Record<string, string>;
  run(binary: string, args: string[], extraEnv?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): void;
}

/** A repository with agent "web" spawned for `client`, and a way to start the client in its worktree. */
export function clientSession(client: string): ClientSession {
  const repo = makeAgentRepo();
  const wt = repo.agentPath('web');
  const home = mkdtempSync(join(tmpdir(), `ag-${client}-home-`));
  const env = { HOME: home, CODEX_HOME: join(home, '.codex'), GEMINI_CLI_HOME: home, COPILOT_HOME: join(home, '.copilot') };
  const spawned = run(repo.path, ['spawn', 'web', '--client', client], env);
  if (spawned.code !== 0) throw new Error(spawned.stdout + spawned.stderr);
  return {
    repo,
    wt,
    home,
    env,
    run(binary, args, extraEnv = {}) {
      // PWD too: OpenCode takes its project folder from it, and the test runner's is this repository
      const child = spawn(binary, args, { cwd: wt, env: cleanEnv({ ...env, PWD: wt, ...extraEnv }), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
    },
    remove: () => repo.remove(),
  };
}
