import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeAgentRepo, type AgentRepo } from './agents.js';
import { run } from './cli.js';
import { cleanEnv } from './env.js';
import { clientBinary, type TestClient } from './client-binary.js';

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

export interface RealClient {
  /** The installed client's binary, or null (the test file is skipped, and says why). */
  binary: string | null;
  /** Set before the file's tests run, when the binary is there. */
  session: ClientSession;
  wt: string;
  home: string;
}

/**
 * What every real-client test file sets up: the pinned client (only under `npm run test:clients`
 * unless `inNpmTest`), agent "web" spawned for it before the file's tests and removed after, and one
 * line saying why the file is skipped when it is.
 */
export function realClient(client: TestClient, name: string, { inNpmTest = false } = {}): RealClient {
  const enabled = inNpmTest || process.env.AGENT_GUARD_CLIENT_TESTS === '1';
  const installed = enabled ? clientBinary(client) : { path: null, why: '' };
  const real = { binary: installed.path } as RealClient;
  beforeAll(() => {
    if (!real.binary) return;
    real.session = clientSession(client);
    real.wt = real.session.wt;
    real.home = real.session.home;
  }, 60_000);
  afterAll(() => real.session?.remove());
  if (!real.binary) console.log(enabled ? `skipped: the real ${name} is not installed (${installed.why})` : `skipped: the real ${name} test runs with npm run test:clients`);
  return real;
}
